using System;
using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MiniRpc.Xdr;

public ref partial struct XdrWriter
{
    /// <summary>
    /// Strict UTF-8: counting the bytes of a string with a lone surrogate throws instead of silently
    /// writing U+FFFD, so what is sent is exactly what the caller gave.
    /// </summary>
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes fixed-length opaque data: the bytes, then zero padding to a multiple of 4 (RFC 4506 §4.9).</summary>
    /// <param name="data">The bytes; their count must be the declared length, which the reader takes from the schema.</param>
    public void WriteFixedOpaque(scoped ReadOnlySpan<byte> data)
    {
        WriteRaw(data);
        WritePadding(data.Length);
    }

    /// <summary>Writes fixed-length opaque data declared as <c>opaque name[<paramref name="declaredLength"/>]</c>.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="declaredLength">The length the <c>.x</c> file declares.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not exactly <paramref name="declaredLength"/> bytes.</exception>
    public void WriteFixedOpaque(scoped ReadOnlySpan<byte> data, int declaredLength)
    {
        if (data.Length != declaredLength)
        {
            ThrowHelper.ThrowFixedLengthMismatch("opaque data", "bytes", data.Length, declaredLength);
        }

        WriteFixedOpaque(data);
    }

    /// <summary>Writes variable-length opaque data: the length, the bytes, then zero padding (RFC 4506 §4.10).</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="maxLength">The bound the <c>.x</c> file declares (<c>opaque name&lt;max&gt;</c>), or <see cref="XdrSize.Unbounded"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is longer than <paramref name="maxLength"/>.</exception>
    public void WriteOpaque(scoped ReadOnlySpan<byte> data, uint maxLength = XdrSize.Unbounded)
    {
        if ((uint)data.Length > maxLength)
        {
            ThrowHelper.ThrowOverBound("opaque data", "bytes", data.Length, maxLength);
        }

        WriteUInt32((uint)data.Length);
        WriteFixedOpaque(data);
    }

    /// <summary>
    /// Writes a string as UTF-8: the byte count, the bytes, then zero padding (RFC 4506 §4.11).
    /// The bound counts bytes, as on the wire, not characters.
    /// </summary>
    /// <param name="value">The string.</param>
    /// <param name="maxLength">The bound the <c>.x</c> file declares (<c>string name&lt;max&gt;</c>), or <see cref="XdrSize.Unbounded"/>.</param>
    /// <exception cref="ArgumentException">
    /// The UTF-8 form is longer than <paramref name="maxLength"/>, or <paramref name="value"/> holds a lone surrogate
    /// (which has no UTF-8 form). Nothing is written in either case.
    /// </exception>
    public void WriteString(scoped ReadOnlySpan<char> value, uint maxLength = XdrSize.Unbounded)
    {
        int byteCount = s_strictUtf8.GetByteCount(value);
        if ((uint)byteCount > maxLength)
        {
            ThrowHelper.ThrowOverBound("string", "UTF-8 bytes", byteCount, maxLength);
        }

        WriteUInt32((uint)byteCount);
        while (!value.IsEmpty)
        {
            // Encode straight into the destination, span by span. Four free bytes hold any character (a surrogate
            // pair included), so every pass makes progress; the strict count above already refused lone surrogates.
            Span<byte> free = Reserve(4);
            OperationStatus status = Utf8.FromUtf16(value, free, out int charsRead, out int bytesWritten, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == OperationStatus.InvalidData)
            {
                ThrowHelper.ThrowInvalidUtf16();
            }

            _buffered += bytesWritten;
            value = value.Slice(charsRead);
        }

        WritePadding(byteCount);
    }

    /// <inheritdoc cref="WriteString(ReadOnlySpan{char}, uint)"/>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null: XDR has no null string.</exception>
    public void WriteString(string value, uint maxLength = XdrSize.Unbounded)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteString(value.AsSpan(), maxLength);
    }

    /// <summary>
    /// Writes a string given as raw bytes, sent exactly as they are: the byte-exact path for peers whose
    /// strings are not UTF-8 (Latin-1 file names, say). The wire form is that of <see cref="WriteString(ReadOnlySpan{char}, uint)"/>.
    /// </summary>
    /// <param name="bytes">The bytes of the string.</param>
    /// <param name="maxLength">The declared bound in bytes, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is longer than <paramref name="maxLength"/>.</exception>
    public void WriteStringBytes(scoped ReadOnlySpan<byte> bytes, uint maxLength = XdrSize.Unbounded)
    {
        if ((uint)bytes.Length > maxLength)
        {
            ThrowHelper.ThrowOverBound("string", "bytes", bytes.Length, maxLength);
        }

        WriteUInt32((uint)bytes.Length);
        WriteFixedOpaque(bytes);
    }
}
