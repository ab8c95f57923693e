using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace MiniRpc.Xdr;

/// <summary>
/// Writes XDR (RFC 4506) into an <see cref="IBufferWriter{T}"/> or a fixed span, without intermediate copies:
/// every item is encoded straight into the destination's memory.
/// </summary>
/// <remarks>
/// <para>
/// Over an <see cref="IBufferWriter{T}"/> the writer keeps the span it was last given and advances the buffer
/// writer only when it needs a new span or when <see cref="Flush"/> is called: call <see cref="Flush"/> once
/// after the last item, or the bytes written since the last advance are not committed.
/// Over a fixed span nothing needs flushing; <see cref="BytesWritten"/> says how much was used.
/// </para>
/// <para>
/// Bounds declared in the <c>.x</c> file are checked before anything of the item is written: a value over its bound
/// raises <see cref="ArgumentException"/> (misuse), never produces bytes a peer would reject.
/// Padding is always zeros.
/// </para>
/// </remarks>
public ref partial struct XdrWriter
{
    private readonly IBufferWriter<byte>? _output;
    private Span<byte> _span;
    private int _buffered;
    private int _committed;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    /// <param name="output">The buffer writer to append to. Call <see cref="Flush"/> when done.</param>
    public XdrWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
        _buffered = 0;
        _committed = 0;
    }

    /// <summary>Creates a writer that fills <paramref name="destination"/> from its start.</summary>
    /// <param name="destination">The memory to write into; writing past its end throws <see cref="InvalidOperationException"/>.</param>
    public XdrWriter(Span<byte> destination)
    {
        _output = null;
        _span = destination;
        _buffered = 0;
        _committed = 0;
    }

    /// <summary>The number of bytes written so far, flushed or not.</summary>
    public readonly int BytesWritten => _committed + _buffered;

    /// <summary>
    /// Commits the bytes written since the last flush to the underlying <see cref="IBufferWriter{T}"/>.
    /// Does nothing for a writer over a fixed span.
    /// </summary>
    public void Flush()
    {
        if (_output is not null && _buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
            _span = default;
        }
    }

    /// <summary>Writes a signed 32-bit integer (RFC 4506 §4.1).</summary>
    /// <param name="value">The value.</param>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
        _buffered += 4;
    }

    /// <summary>Writes an unsigned 32-bit integer (RFC 4506 §4.2).</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);
        _buffered += 4;
    }

    /// <summary>Writes a hyper integer, a signed 64-bit integer (RFC 4506 §4.5).</summary>
    /// <param name="value">The value.</param>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
        _buffered += 8;
    }

    /// <summary>Writes an unsigned hyper integer, an unsigned 64-bit integer (RFC 4506 §4.5).</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);
        _buffered += 8;
    }

    /// <summary>Writes an IEEE single-precision float (RFC 4506 §4.6). NaN payloads are kept bit for bit.</summary>
    /// <param name="value">The value.</param>
    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleBigEndian(Reserve(4), value);
        _buffered += 4;
    }

    /// <summary>Writes an IEEE double-precision float (RFC 4506 §4.7). NaN payloads are kept bit for bit.</summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);
        _buffered += 8;
    }

    /// <summary>Writes a boolean as the integer 1 or 0 (RFC 4506 §4.4).</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value) => WriteInt32(value ? 1 : 0);

    /// <summary>Writes an enumeration as its signed 32-bit value (RFC 4506 §4.3).</summary>
    /// <typeparam name="TEnum">An enumeration whose underlying type is 32 bits wide.</typeparam>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException"><typeparamref name="TEnum"/> is not 32 bits wide.</exception>
    public void WriteEnum<TEnum>(TEnum value)
        where TEnum : unmanaged, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != sizeof(int))
        {
            ThrowHelper.ThrowEnumNotInt32(typeof(TEnum));
        }

        WriteInt32(Unsafe.As<TEnum, int>(ref value));
    }

    /// <summary>Writes nothing: <c>void</c> is zero bytes (RFC 4506 §4.16). Present so that generated code reads like the <c>.x</c> file.</summary>
    public readonly void WriteVoid()
    {
    }

    /// <summary>
    /// Appends bytes as they are, with no length and no padding: for payloads that are already XDR,
    /// such as procedure results encoded elsewhere.
    /// </summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Span<byte> free = Reserve(1);
            int count = Math.Min(free.Length, bytes.Length);
            bytes.Slice(0, count).CopyTo(free);
            _buffered += count;
            bytes = bytes.Slice(count);
        }
    }

    /// <summary>
    /// Returns writable memory of at least <paramref name="count"/> bytes at the current position (more if the
    /// destination has it); the caller fills part of it and then adds what it used to <see cref="_buffered"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_span.Length - _buffered < count)
        {
            Grow(count);
        }

        return _span.Slice(_buffered);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        if (_output is null)
        {
            ThrowHelper.ThrowDestinationTooSmall(_span.Length, _buffered + count);
        }

        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }

        _span = _output.GetSpan(count);
        if (_span.Length < count)
        {
            ThrowHelper.ThrowBufferWriterTooSmall(count, _span.Length);
        }
    }

    private void WritePadding(int length)
    {
        int padding = XdrSize.GetPadding(length);
        if (padding != 0)
        {
            Reserve(padding).Slice(0, padding).Clear();
            _buffered += padding;
        }
    }
}
