using System;
using System.Buffers;
using System.Collections.Concurrent;
using MiniRpc.Transport;

namespace MiniRpc.Internal;

/// <summary>
/// A growable buffer rented from <see cref="ArrayPool{T}.Shared"/>, for encoding one RPC message. It keeps the first
/// 4 bytes free so that a message that fits in one fragment gets its record mark written in place and goes out in
/// one send, with no copy. Instances are pooled: <see cref="Rent"/> and <see cref="Return"/>.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int InitialSize = 4096;
    private const int MaxPooledObjects = 64;
    private const int MaxRetainedBufferSize = 256 * 1024;

    private static readonly ConcurrentQueue<PooledBufferWriter> s_pool = new();

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private byte[]? _framed;
    private int _written = RecordMarking.HeaderSize;

    /// <summary>The message written so far, after the reserved record-mark space.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(RecordMarking.HeaderSize, _written - RecordMarking.HeaderSize);

    public int MessageLength => _written - RecordMarking.HeaderSize;

    public static PooledBufferWriter Rent() => s_pool.TryDequeue(out PooledBufferWriter? writer) ? writer : new PooledBufferWriter();

    public static void Return(PooledBufferWriter writer)
    {
        writer.Reset();
        if (writer._buffer.Length > MaxRetainedBufferSize)
        {
            ArrayPool<byte>.Shared.Return(writer._buffer);
            writer._buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }

        if (s_pool.Count < MaxPooledObjects)
        {
            s_pool.Enqueue(writer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(writer._buffer);
        }
    }

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset()
    {
        _written = RecordMarking.HeaderSize;
        if (_framed is not null)
        {
            ArrayPool<byte>.Shared.Return(_framed);
            _framed = null;
        }
    }

    /// <summary>
    /// The message as a TCP record: in place behind its record mark when it fits in one fragment, otherwise copied
    /// once into fragments of <paramref name="maxFragmentLength"/> bytes.
    /// </summary>
    public ReadOnlyMemory<byte> GetRecord(int maxFragmentLength)
    {
        int length = MessageLength;
        if (length <= maxFragmentLength)
        {
            RecordMarking.WriteHeader(_buffer, length, isLast: true);
            return _buffer.AsMemory(0, _written);
        }

        int framedLength = checked((int)RecordMarking.GetFramedLength(length, maxFragmentLength));
        _framed ??= ArrayPool<byte>.Shared.Rent(framedLength);
        if (_framed.Length < framedLength)
        {
            ArrayPool<byte>.Shared.Return(_framed);
            _framed = ArrayPool<byte>.Shared.Rent(framedLength);
        }

        int written = RecordMarking.WriteRecord(Message.Span, _framed, maxFragmentLength);
        return _framed.AsMemory(0, written);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void EnsureCapacity(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)_buffer.Length * 2, needed), Array.MaxLength));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
