using System;

namespace MiniRpc.Xdr;

/// <summary>
/// Malformed XDR input: truncated data, a length over its bound or over what remains, a bad boolean,
/// non-zero padding, an undeclared enumeration value or union discriminant, invalid UTF-8, trailing bytes.
/// </summary>
/// <remarks>
/// Every decoding failure of MiniRpc's XDR reader and of the RPC message decoders built on it raises this
/// type and no other, so a transport can answer GARBAGE_ARGS or drop the message without guessing.
/// </remarks>
public sealed class XdrFormatException : Exception
{
    /// <summary>Creates an exception for <paramref name="error"/> found at <paramref name="offset"/>.</summary>
    /// <param name="error">What was wrong.</param>
    /// <param name="offset">The byte offset, from the start of the buffer being decoded, of the offending item.</param>
    /// <param name="detail">A sentence that says what was found and what was expected.</param>
    public XdrFormatException(XdrError error, int offset, string detail)
        : base($"Malformed XDR at offset {offset}: {detail}")
    {
        Error = error;
        Offset = offset;
    }

    /// <summary>What was wrong.</summary>
    public XdrError Error { get; }

    /// <summary>The byte offset of the offending item from the start of the decoded buffer.</summary>
    public int Offset { get; }
}
