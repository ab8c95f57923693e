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
    private int _written = RecordMarking.HeaderSize;
    private int _framedWith; // the fragment size the message was framed in, in place, over several fragments; 0 if not
    private int _framedLength;

    /// <summary>
    /// The message written so far, after the reserved record-mark space; not once <see cref="GetRecord"/> has framed
    /// it in several fragments (their headers are then among its bytes).
    /// </summary>
    public ReadOnlyMemory<byte> Message => _framedWith == 0
        ? _buffer.AsMemory(RecordMarking.HeaderSize, _written - RecordMarking.HeaderSize)
        : throw new InvalidOperationException("The message was framed in fragments in place.");

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
        _framedWith = 0;
        _framedLength = 0;
    }

    /// <summary>
    /// The message as a TCP record, in place: behind its record mark when it fits in one fragment; otherwise the
    /// fragments after the first move up to make room for their headers (the first fragment's bytes stay where they
    /// are, so a 64 KiB message moves a few dozen bytes, not 64 KiB). Asking again gives the same record.
    /// </summary>
    public ReadOnlyMemory<byte> GetRecord(int maxFragmentLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFragmentLength);
        int length = MessageLength;
        if (_framedWith != 0)
        {
            return _framedWith == maxFragmentLength
                ? _buffer.AsMemory(0, _framedLength)
                : throw new InvalidOperationException($"The message was framed in fragments of {_framedWith} bytes already.");
        }

        if (length <= maxFragmentLength)
        {
            RecordMarking.WriteHeader(_buffer, length, isLast: true);
            return _buffer.AsMemory(0, _written);
        }

        int framedLength = checked((int)RecordMarking.GetFramedLength(length, maxFragmentLength));
        int extra = framedLength - _written;
        EnsureCapacity(extra);

        // From the last fragment back: each moves up by the headers in front of it, into room nothing uses yet.
        int fragments = (int)(((long)length + maxFragmentLength - 1) / maxFragmentLength);
        for (int i = fragments - 1; i >= 0; i--)
        {
            int start = i * maxFragmentLength;
            int fragmentLength = Math.Min(maxFragmentLength, length - start);
            int to = i * (RecordMarking.HeaderSize + maxFragmentLength);
            if (i > 0)
            {
                _buffer.AsSpan(RecordMarking.HeaderSize + start, fragmentLength).CopyTo(_buffer.AsSpan(to + RecordMarking.HeaderSize));
            }

            RecordMarking.WriteHeader(_buffer.AsSpan(to), fragmentLength, isLast: i == fragments - 1);
        }

        _framedWith = maxFragmentLength;
        _framedLength = framedLength;
        return _buffer.AsMemory(0, framedLength);
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
