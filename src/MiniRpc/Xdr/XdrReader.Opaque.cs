using System;
using System.Text;

namespace MiniRpc.Xdr;

public ref partial struct XdrReader
{
    /// <summary>Reads fixed-length opaque data (RFC 4506 §4.9) without copying it.</summary>
    /// <param name="length">The length the <c>.x</c> file declares.</param>
    /// <returns>The bytes, a slice of the message.</returns>
    /// <exception cref="XdrFormatException">The data or its padding is cut short, or the padding is not zero.</exception>
    public ReadOnlySpan<byte> ReadFixedOpaqueSpan(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int offset = _position;
        if (XdrSize.GetPaddedLength(length) > Remaining)
        {
            ThrowHelper.ThrowMalformed(XdrError.Truncated, offset, $"fixed-length opaque data of {length} bytes (padded to {XdrSize.GetPaddedLength(length)}) but {Remaining} bytes remain.");
        }

        ReadOnlySpan<byte> data = Take(length);
        ReadPadding(length);
        return data;
    }

    /// <summary>Reads fixed-length opaque data (RFC 4506 §4.9) into a new array.</summary>
    /// <param name="length">The length the <c>.x</c> file declares.</param>
    /// <returns>A copy of the bytes.</returns>
    /// <exception cref="XdrFormatException">The data or its padding is cut short, or the padding is not zero.</exception>
    public byte[] ReadFixedOpaque(int length) => Copy(ReadFixedOpaqueSpan(length));

    /// <summary>Reads variable-length opaque data (RFC 4506 §4.10) without copying it.</summary>
    /// <param name="maxLength">The declared bound, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <returns>The bytes, a slice of the message.</returns>
    /// <exception cref="XdrFormatException">
    /// The length is over <paramref name="maxLength"/> or over what remains, or the padding is not zero.
    /// </exception>
    public ReadOnlySpan<byte> ReadOpaqueSpan(uint maxLength = XdrSize.Unbounded)
    {
        int length = ReadByteLength(maxLength, "opaque data");
        ReadOnlySpan<byte> data = Take(length);
        ReadPadding(length);
        return data;
    }

    /// <summary>Reads variable-length opaque data (RFC 4506 §4.10) into a new array, allocated only once the length is known to be valid.</summary>
    /// <param name="maxLength">The declared bound, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <returns>A copy of the bytes.</returns>
    /// <exception cref="XdrFormatException">
    /// The length is over <paramref name="maxLength"/> or over what remains, or the padding is not zero.
    /// </exception>
    public byte[] ReadOpaque(uint maxLength = XdrSize.Unbounded) => Copy(ReadOpaqueSpan(maxLength));

    /// <summary>
    /// Reads a string (RFC 4506 §4.11) as UTF-8. MiniRpc's strings are UTF-8 both ways; peers that send
    /// another encoding are read byte for byte with <see cref="ReadStringBytes"/>.
    /// </summary>
    /// <param name="maxLength">The declared bound in bytes, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <returns>The string.</returns>
    /// <exception cref="XdrFormatException">
    /// The length is over <paramref name="maxLength"/> or over what remains, the padding is not zero, or the bytes
    /// are not valid UTF-8.
    /// </exception>
    public string ReadString(uint maxLength = XdrSize.Unbounded)
    {
        int offset = _position + XdrSize.Unit;
        ReadOnlySpan<byte> bytes = ReadStringBytes(maxLength);
        try
        {
            // Validated as it is counted, then transcoded: two passes over the bytes, not three.
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            ThrowHelper.ThrowMalformed(XdrError.InvalidUtf8, offset, $"the {bytes.Length} bytes of a string are not valid UTF-8.");
            throw; // not reached
        }
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a string (RFC 4506 §4.11) as raw bytes, without decoding or copying: the byte-exact path.
    /// </summary>
    /// <param name="maxLength">The declared bound in bytes, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <returns>The bytes of the string, a slice of the message.</returns>
    /// <exception cref="XdrFormatException">
    /// The length is over <paramref name="maxLength"/> or over what remains, or the padding is not zero.
    /// </exception>
    public ReadOnlySpan<byte> ReadStringBytes(uint maxLength = XdrSize.Unbounded)
    {
        int length = ReadByteLength(maxLength, "string");
        ReadOnlySpan<byte> data = Take(length);
        ReadPadding(length);
        return data;
    }

    /// <summary>
    /// Reads a string (RFC 4506 §4.11) as raw bytes into a new array, allocated only once the length is known to be
    /// valid: what code generated with <c>MiniRpcStrings="Bytes"</c> calls.
    /// </summary>
    /// <param name="maxLength">The declared bound in bytes, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <returns>A copy of the bytes of the string.</returns>
    /// <exception cref="XdrFormatException">
    /// The length is over <paramref name="maxLength"/> or over what remains, or the padding is not zero.
    /// </exception>
    public byte[] ReadStringByteArray(uint maxLength = XdrSize.Unbounded) => Copy(ReadStringBytes(maxLength));

    /// <summary>
    /// A copy of <paramref name="data"/> in an array that is not zeroed first: every byte is overwritten at once, and
    /// the runtime's zeroing of a 64 KiB array was a tenth of a server's time that kept 64 KiB strings.
    /// </summary>
    private static byte[] Copy(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return [];
        }

        byte[] copy = GC.AllocateUninitializedArray<byte>(data.Length);
        data.CopyTo(copy);
        return copy;
    }

    /// <summary>Reads the length of opaque data or a string and checks it against its bound and what remains.</summary>
    private int ReadByteLength(uint maxLength, string what)
    {
        int offset = _position;
        uint length = ReadUInt32();
        if (length > maxLength)
        {
            ThrowHelper.ThrowMalformed(XdrError.LengthExceedsMaximum, offset, $"{what} of {length} bytes exceeds its maximum of {maxLength}.");
        }

        if (XdrSize.GetPaddedLength(length) > Remaining)
        {
            ThrowHelper.ThrowMalformed(XdrError.LengthExceedsRemaining, offset, $"{what} of {length} bytes (padded to {XdrSize.GetPaddedLength(length)}) but {Remaining} bytes remain.");
        }

        return (int)length;
    }
}
