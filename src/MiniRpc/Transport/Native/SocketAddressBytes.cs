using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MiniRpc.Transport.Native;

/// <summary>
/// Linux <c>struct sockaddr_in</c> and <c>sockaddr_in6</c> as bytes: the family in the machine's byte order (both
/// supported architectures are little-endian), the port and the address in network order.
/// </summary>
internal static class SocketAddressBytes
{
    /// <summary>sizeof(struct sockaddr_in6), the larger of the two.</summary>
    public const int MaxLength = 28;

    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    public static IPEndPoint Decode(ReadOnlySpan<byte> raw)
    {
        ushort family = raw.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(raw) : (ushort)0;
        if (family == AfInet && raw.Length >= 8)
        {
            return new IPEndPoint(new IPAddress(raw.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(2)));
        }

        if (family == AfInet6 && raw.Length >= 28)
        {
            uint scope = BinaryPrimitives.ReadUInt32LittleEndian(raw.Slice(24));
            return new IPEndPoint(new IPAddress(raw.Slice(8, 16), scope), BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(2)));
        }

        throw new SocketException((int)SocketError.AddressFamilyNotSupported);
    }

    /// <summary>Writes <paramref name="endPoint"/> for a socket of <paramref name="socketFamily"/> (an IPv4 address goes v4-mapped on an IPv6 socket); returns the length.</summary>
    public static int Encode(IPEndPoint endPoint, AddressFamily socketFamily, Span<byte> raw)
    {
        raw.Slice(0, MaxLength).Clear();
        IPAddress address = endPoint.Address;
        if (socketFamily == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }

        BinaryPrimitives.WriteUInt16BigEndian(raw.Slice(2), (ushort)endPoint.Port);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(raw, AfInet);
            address.TryWriteBytes(raw.Slice(4, 4), out _);
            return 16;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(raw, AfInet6);
        address.TryWriteBytes(raw.Slice(8, 16), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.Slice(24), (uint)address.ScopeId);
        return 28;
    }
}
