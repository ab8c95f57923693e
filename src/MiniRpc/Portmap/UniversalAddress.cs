using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MiniRpc.Portmap;

/// <summary>
/// Universal addresses (RFC 5665 §5.2.3), the form rpcbind speaks: <c>h1.h2.h3.h4.p1.p2</c> for IPv4 and
/// <c>x:x:...:x.p1.p2</c> for IPv6, where the port is <c>p1 * 256 + p2</c>.
/// </summary>
public static class UniversalAddress
{
    /// <summary>Formats an endpoint: <c>127.0.0.1:2049</c> becomes <c>127.0.0.1.8.1</c>.</summary>
    /// <param name="endPoint">An IPv4 or IPv6 endpoint.</param>
    /// <returns>The universal address.</returns>
    public static string Format(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        return string.Create(CultureInfo.InvariantCulture, $"{address}.{endPoint.Port >> 8}.{endPoint.Port & 0xFF}");
    }

    /// <summary>Parses a universal address of the IPv4 or IPv6 family.</summary>
    /// <param name="text">The universal address.</param>
    /// <param name="endPoint">The endpoint, when the text is one.</param>
    /// <returns>True when <paramref name="text"/> is a valid IPv4 or IPv6 universal address.</returns>
    public static bool TryParse(string? text, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int last = text.LastIndexOf('.');
        int second = last > 0 ? text.LastIndexOf('.', last - 1) : -1;
        if (second <= 0
            || !byte.TryParse(text.AsSpan(second + 1, last - second - 1), NumberStyles.None, CultureInfo.InvariantCulture, out byte high)
            || !byte.TryParse(text.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out byte low)
            || !IsAddressText(text.AsSpan(0, second))
            || !IPAddress.TryParse(text.AsSpan(0, second), out IPAddress? address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, (high << 8) | low);
        return true;
    }

    /// <summary>An IPv6 address, or an IPv4 one written in full (IPAddress also takes "127.1" and the like).</summary>
    private static bool IsAddressText(ReadOnlySpan<char> text) => text.Contains(':') || text.Count('.') == 3;
}
