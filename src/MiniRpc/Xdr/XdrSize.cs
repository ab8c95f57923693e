namespace MiniRpc.Xdr;

/// <summary>Sizes in XDR (RFC 4506): the 4-byte unit, padding, and the bound of undeclared maximums.</summary>
public static class XdrSize
{
    /// <summary>The XDR basic block: every item occupies a multiple of 4 bytes (RFC 4506 §3).</summary>
    public const int Unit = 4;

    /// <summary>
    /// The bound of a variable-length item declared without one (<c>opaque x&lt;&gt;</c>, <c>string s&lt;&gt;</c>):
    /// 2^32 - 1 (RFC 4506 §4.10). In practice the remaining bytes of the message bound it first.
    /// </summary>
    public const uint Unbounded = uint.MaxValue;

    /// <summary>The number of zero bytes that follow <paramref name="length"/> bytes of opaque data or string.</summary>
    /// <param name="length">The unpadded length.</param>
    /// <returns>0 to 3.</returns>
    public static int GetPadding(int length) => (Unit - (length & 3)) & 3;

    /// <summary>The length of <paramref name="length"/> bytes rounded up to a multiple of 4.</summary>
    /// <param name="length">The unpadded length.</param>
    /// <returns>The padded length.</returns>
    public static long GetPaddedLength(long length) => (length + 3) & ~3L;
}
