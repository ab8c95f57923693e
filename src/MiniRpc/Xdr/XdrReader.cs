using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MiniRpc.Xdr;

/// <summary>
/// Reads XDR (RFC 4506) from the bytes of one whole message, such as a reassembled record or a datagram.
/// </summary>
/// <remarks>
/// <para>
/// Input is untrusted. Every length read off the wire is checked against the declared maximum and then against
/// the bytes that remain <em>before</em> anything is allocated, so a length of 0xFFFFFFFF in a 50-byte message
/// fails at once. Truncation, over-long lengths, booleans other than 0 and 1, non-zero padding, undeclared enum
/// values and invalid UTF-8 all raise <see cref="XdrFormatException"/> with the offset of the offending item;
/// no other exception escapes a read of malformed data.
/// </para>
/// <para>
/// Opaque data and strings can be read without copying (<see cref="ReadOpaqueSpan"/>,
/// <see cref="ReadStringBytes"/>): the spans returned point into the message.
/// </para>
/// </remarks>
public ref partial struct XdrReader
{
    /// <summary>The default of <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 4096;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private int _depth;
    private int _maxDepth;

    /// <summary>Creates a reader over the bytes of one message.</summary>
    /// <param name="buffer">The whole message.</param>
    public XdrReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _depth = 0;
        _maxDepth = DefaultMaxDepth;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>The number of bytes not read yet.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>The bytes not read yet, without consuming them.</summary>
    public readonly ReadOnlySpan<byte> RemainingBytes => _buffer.Slice(_position);

    /// <summary>
    /// How deep optional data and variable-length arrays may nest while decoding (each level is a recursive call in
    /// a decoder). Deeper input raises <see cref="XdrFormatException"/> with <see cref="XdrError.NestingTooDeep"/>,
    /// as does input that would exhaust the thread's stack first. Default <see cref="DefaultMaxDepth"/>.
    /// </summary>
    public int MaxDepth
    {
        readonly get => _maxDepth;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxDepth = value;
        }
    }

    /// <summary>Reads a signed 32-bit integer (RFC 4506 §4.1).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 4 bytes remain.</exception>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>Reads an unsigned 32-bit integer (RFC 4506 §4.2).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 4 bytes remain.</exception>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    /// <summary>Reads a hyper integer, a signed 64-bit integer (RFC 4506 §4.5).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 8 bytes remain.</exception>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>Reads an unsigned hyper integer (RFC 4506 §4.5).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 8 bytes remain.</exception>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    /// <summary>Reads an IEEE single-precision float (RFC 4506 §4.6), NaN payloads included.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 4 bytes remain.</exception>
    public float ReadSingle() => BinaryPrimitives.ReadSingleBigEndian(Take(4));

    /// <summary>Reads an IEEE double-precision float (RFC 4506 §4.7), NaN payloads included.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 8 bytes remain.</exception>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>Reads a boolean (RFC 4506 §4.4): 0 is false, 1 is true, anything else is malformed.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 4 bytes remain, or the value is neither 0 nor 1.</exception>
    public bool ReadBoolean()
    {
        int offset = _position;
        uint value = ReadUInt32();
        if (value > 1)
        {
            ThrowHelper.ThrowMalformed(XdrError.InvalidBoolean, offset, $"a boolean must be 0 or 1, found {value}.");
        }

        return value != 0;
    }

    /// <summary>Reads an enumeration (RFC 4506 §4.3) and checks that <typeparamref name="TEnum"/> declares the value.</summary>
    /// <typeparam name="TEnum">An enumeration whose underlying type is 32 bits wide.</typeparam>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Fewer than 4 bytes remain, or the value is not declared.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TEnum"/> is not 32 bits wide.</exception>
    public TEnum ReadEnum<TEnum>()
        where TEnum : unmanaged, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != sizeof(int))
        {
            ThrowHelper.ThrowEnumNotInt32(typeof(TEnum));
        }

        int offset = _position;
        int raw = ReadInt32();
        TEnum value = Unsafe.As<int, TEnum>(ref raw);
        if (!Enum.IsDefined(value))
        {
            ThrowHelper.ThrowMalformed(XdrError.InvalidEnumValue, offset, $"{raw} is not a value of {typeof(TEnum).Name}.");
        }

        return value;
    }

    /// <summary>Reads nothing: <c>void</c> is zero bytes (RFC 4506 §4.16).</summary>
    public readonly void ReadVoid()
    {
    }

    /// <summary>Checks that the whole message has been read, as a call's arguments must be.</summary>
    /// <exception cref="XdrFormatException">Bytes remain.</exception>
    public readonly void ExpectEnd()
    {
        if (_position != _buffer.Length)
        {
            ThrowHelper.ThrowMalformed(XdrError.TrailingBytes, _position, $"{_buffer.Length - _position} bytes remain after the end of the message.");
        }
    }

    /// <summary>
    /// Marks the start of one more level of nesting (a recursive decode through optional data or an array);
    /// pair with <see cref="ExitNested"/>. Generated decoders of recursive types call it.
    /// </summary>
    /// <exception cref="XdrFormatException">The nesting is deeper than <see cref="MaxDepth"/>, or the stack is nearly full.</exception>
    public void EnterNested()
    {
        if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            ThrowHelper.ThrowMalformed(XdrError.NestingTooDeep, _position, $"nested data goes deeper than {Math.Min(_depth, _maxDepth)} levels.");
        }
    }

    /// <summary>Marks the end of a level entered with <see cref="EnterNested"/>.</summary>
    public void ExitNested() => _depth--;

    /// <summary>Consumes <paramref name="count"/> bytes, or throws <see cref="XdrError.Truncated"/> if fewer remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        int position = _position;
        if ((uint)count > (uint)(_buffer.Length - position))
        {
            ThrowHelper.ThrowMalformed(XdrError.Truncated, position, $"{count} bytes are needed but {_buffer.Length - position} remain.");
        }

        _position = position + count;
        return _buffer.Slice(position, count);
    }

    /// <summary>Reads the padding after <paramref name="length"/> bytes and checks that it is zero.</summary>
    private void ReadPadding(int length)
    {
        int padding = XdrSize.GetPadding(length);
        if (padding != 0)
        {
            int offset = _position;
            ReadOnlySpan<byte> bytes = Take(padding);
            if (bytes.ContainsAnyExcept((byte)0))
            {
                ThrowHelper.ThrowMalformed(XdrError.NonZeroPadding, offset, $"the {padding} padding bytes after {length} bytes of data are not zero.");
            }
        }
    }
}
