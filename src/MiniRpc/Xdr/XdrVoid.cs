namespace MiniRpc.Xdr;

/// <summary>
/// The XDR <c>void</c> (RFC 4506 §4.16) as a value: the arguments or results of a procedure that has none,
/// such as procedure 0. It encodes to zero bytes.
/// </summary>
public readonly struct XdrVoid
{
    /// <summary>The only value.</summary>
    public static readonly XdrVoid Value;

    /// <summary>Writes nothing.</summary>
    public static readonly XdrEncoder<XdrVoid> Encoder = static (ref XdrWriter _, XdrVoid _) => { };

    /// <summary>Reads nothing.</summary>
    public static readonly XdrDecoder<XdrVoid> Decoder = static (ref XdrReader _) => default;
}
