using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;

namespace MiniRpc.Transport;

/// <summary>
/// Gathers the records one thread writes while it works through a received batch (the replies of calls that
/// finished at once on a server, the next calls of callers continuing inline on a client), so that they leave in
/// one send at the end instead of one system call each. Only the thread that opened the batch adds to it; anything
/// else sends as usual. Records over <see cref="MaxBatchedRecord"/> are not copied: they go straight out.
/// </summary>
internal sealed class SendBatch
{
    /// <summary>Larger records are sent on their own: copying them would cost more than the system call saved.</summary>
    public const int MaxBatchedRecord = 16 * 1024;

    private const int InitialSize = 16 * 1024;

    private int _thread = -1;
    private byte[]? _buffer;
    private int _length;

    /// <summary>Opens a batch on the calling thread.</summary>
    public void Open() => _thread = Environment.CurrentManagedThreadId;

    /// <summary>Copies <paramref name="record"/> into the open batch; false when no batch is open on this thread, or the record is large.</summary>
    public bool TryAdd(ReadOnlySpan<byte> record)
    {
        if (_thread != Environment.CurrentManagedThreadId || record.Length > MaxBatchedRecord)
        {
            return false;
        }

        Append(ref _buffer, ref _length, record);
        return true;
    }

    /// <summary>
    /// Closes the batch and sends what it holds, whole, under <paramref name="sendLock"/> (so that it never
    /// interleaves with a record another thread is sending). The buffer goes back to the pool: an idle connection
    /// keeps none.
    /// </summary>
    public ValueTask CloseAsync(SocketIo io, SemaphoreSlim sendLock, CancellationToken cancellationToken)
    {
        _thread = -1;
        if (_length == 0)
        {
            return ValueTask.CompletedTask;
        }

        byte[] buffer = _buffer!;
        int length = _length;
        _buffer = null;
        _length = 0;
        return SendAllAsync(io, sendLock, buffer, length, cancellationToken);
    }

    /// <summary>Appends <paramref name="record"/> to a pooled buffer, renting a larger one when it does not fit.</summary>
    internal static void Append(ref byte[]? buffer, ref int length, ReadOnlySpan<byte> record)
    {
        if (buffer is null || buffer.Length - length < record.Length)
        {
            byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(InitialSize, (length + record.Length) * 2));
            if (buffer is not null)
            {
                buffer.AsSpan(0, length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(buffer);
            }

            buffer = grown;
        }

        record.CopyTo(buffer.AsSpan(length));
        length += record.Length;
    }

    /// <summary>Drops what the batch holds (the connection is closing).</summary>
    public void Discard()
    {
        _thread = -1;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }

    /// <summary>Sends <paramref name="buffer"/>[..length] whole under <paramref name="sendLock"/>, then gives the buffer back to the pool.</summary>
    internal static async ValueTask SendAllAsync(SocketIo io, SemaphoreSlim sendLock, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ReadOnlyMemory<byte> rest = buffer.AsMemory(0, length);
                while (!rest.IsEmpty)
                {
                    int sent = await io.SendAsync(rest, cancellationToken).ConfigureAwait(false);
                    rest = rest.Slice(sent);
                }
            }
            finally
            {
                sendLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
