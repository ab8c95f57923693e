using System;
using MiniRpc.Xdr;

namespace MiniRpc.Protocol;

/// <summary>
/// <c>opaque_auth</c>: a credential or verifier, a flavor and up to 400 bytes of body (RFC 5531 §8.2).
/// The body's meaning depends on the flavor; <see cref="AuthSysParameters"/> reads and writes AUTH_SYS bodies,
/// and other flavors can be layered the same way on top of the raw body.
/// </summary>
public readonly struct OpaqueAuth : IEquatable<OpaqueAuth>
{
    /// <summary>Creates a credential or verifier.</summary>
    /// <param name="flavor">The authentication flavor.</param>
    /// <param name="body">The body, at most <see cref="RpcProtocol.MaxAuthBodyLength"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="body"/> is longer than 400 bytes.</exception>
    public OpaqueAuth(AuthFlavor flavor, ReadOnlyMemory<byte> body)
    {
        if (body.Length > RpcProtocol.MaxAuthBodyLength)
        {
            throw new ArgumentException($"An opaque_auth body has at most {RpcProtocol.MaxAuthBodyLength} bytes; this one has {body.Length}.", nameof(body));
        }

        Flavor = flavor;
        Body = body;
    }

    /// <summary>AUTH_NONE with an empty body: what a call without authentication carries, and what most servers verify with.</summary>
    public static OpaqueAuth None => default;

    /// <summary>The authentication flavor.</summary>
    public AuthFlavor Flavor { get; }

    /// <summary>The body, opaque to the RPC layer.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The number of bytes this credential occupies on the wire.</summary>
    public int EncodedLength => 8 + (int)XdrSize.GetPaddedLength(Body.Length);

    /// <summary>Writes the flavor and the body (RFC 5531 §8.2).</summary>
    /// <param name="writer">The writer.</param>
    public void Write(ref XdrWriter writer)
    {
        writer.WriteInt32((int)Flavor);
        writer.WriteOpaque(Body.Span, RpcProtocol.MaxAuthBodyLength);
    }

    /// <summary>Reads a flavor and a body of at most 400 bytes. Any flavor number is accepted.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The credential or verifier. An empty body allocates nothing.</returns>
    /// <exception cref="XdrFormatException">The body is over 400 bytes, cut short or badly padded.</exception>
    public static OpaqueAuth Read(ref XdrReader reader)
    {
        var flavor = (AuthFlavor)reader.ReadInt32();
        ReadOnlySpan<byte> body = reader.ReadOpaqueSpan(RpcProtocol.MaxAuthBodyLength);
        return new OpaqueAuth(flavor, body.IsEmpty ? ReadOnlyMemory<byte>.Empty : body.ToArray());
    }

    /// <inheritdoc/>
    public bool Equals(OpaqueAuth other) => Flavor == other.Flavor && Body.Span.SequenceEqual(other.Body.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OpaqueAuth other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Flavor);
        hash.AddBytes(Body.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Flavor} ({Body.Length} bytes)";

    /// <summary>Compares flavor and body bytes.</summary>
    /// <param name="left">One credential.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when both are equal.</returns>
    public static bool operator ==(OpaqueAuth left, OpaqueAuth right) => left.Equals(right);

    /// <summary>Compares flavor and body bytes.</summary>
    /// <param name="left">One credential.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(OpaqueAuth left, OpaqueAuth right) => !left.Equals(right);
}
