using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Internal;

namespace MiniRpc.Transport;

/// <summary>
/// Gathers the records one thread writes while it works through a received batch (the replies of calls that
/// finished at once on a server, the next calls of callers continuing inline on a client), so that they leave in
/// one send at the end instead of one system call each. Only the thread that opened the batch adds to it; anything
/// else sends as usual. Records over <see cref="MaxBatchedRecord"/> are not copied: they go straight out. A lone
/// reply handed over with its buffer (<see cref="TryAdd(PooledBufferWriter, ReadOnlyMemory{byte})"/>) is not copied
/// either, and a batch that the socket takes at once is sent with no asynchronous step.
/// </summary>
internal sealed class SendBatch
{
    /// <summary>Larger records are sent on their own: copying them would cost more than the system call saved.</summary>
    public const int MaxBatchedRecord = 16 * 1024;

    private const int InitialSize = 16 * 1024;

    private int _thread = -1;
    private byte[]? _buffer;
    private int _length;
    private PooledBufferWriter? _single; // the only record so far, in the buffer it was encoded in
    private ReadOnlyMemory<byte> _singleRecord;

    /// <summary>Opens a batch on the calling thread.</summary>
    public void Open() => _thread = Environment.CurrentManagedThreadId;

    /// <summary>Copies <paramref name="record"/> into the open batch; false when no batch is open on this thread, or the record is large.</summary>
    public bool TryAdd(ReadOnlySpan<byte> record)
    {
        if (_thread != Environment.CurrentManagedThreadId || record.Length > MaxBatchedRecord)
        {
            return false;
        }

        CopySingle();
        Append(ref _buffer, ref _length, record);
        return true;
    }

    /// <summary>
    /// Adds <paramref name="record"/>, encoded in <paramref name="owner"/>, to the open batch, which then owns
    /// <paramref name="owner"/> (and returns it to the pool); false, with nothing taken, as for the other overload.
    /// The first record is kept where it is: a batch of one is sent from its own buffer.
    /// </summary>
    public bool TryAdd(PooledBufferWriter owner, ReadOnlyMemory<byte> record)
    {
        if (_thread != Environment.CurrentManagedThreadId || record.Length > MaxBatchedRecord)
        {
            return false;
        }

        if (_single is null && _length == 0)
        {
            _single = owner;
            _singleRecord = record;
            return true;
        }

        CopySingle();
        Append(ref _buffer, ref _length, record.Span);
        PooledBufferWriter.Return(owner);
        return true;
    }

    /// <summary>
    /// Closes the batch and sends what it holds, whole, under <paramref name="sendLock"/> (so that it never
    /// interleaves with a record another thread is sending): at once when the lock is free and the socket takes it
    /// all, asynchronously otherwise. The buffer goes back to the pool: an idle connection keeps none.
    /// </summary>
    public ValueTask CloseAsync(SocketIo io, SemaphoreSlim sendLock, CancellationToken cancellationToken)
    {
        _thread = -1;
        if (_single is { } single)
        {
            ReadOnlyMemory<byte> record = _singleRecord;
            _single = null;
            _singleRecord = default;
            return Send(io, sendLock, record, single, null, cancellationToken);
        }

        if (_length == 0)
        {
            return ValueTask.CompletedTask;
        }

        byte[] buffer = _buffer!;
        int length = _length;
        _buffer = null;
        _length = 0;
        return Send(io, sendLock, buffer.AsMemory(0, length), null, buffer, cancellationToken);
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
        if (_single is not null)
        {
            PooledBufferWriter.Return(_single);
            _single = null;
            _singleRecord = default;
        }

        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }

    /// <summary>Sends <paramref name="buffer"/>[..length] whole under <paramref name="sendLock"/>, then gives the buffer back to the pool.</summary>
    internal static ValueTask SendAllAsync(SocketIo io, SemaphoreSlim sendLock, byte[] buffer, int length, CancellationToken cancellationToken)
        => Send(io, sendLock, buffer.AsMemory(0, length), null, buffer, cancellationToken);

    /// <summary>
    /// Sends <paramref name="data"/> whole under <paramref name="sendLock"/>, then returns its buffer
    /// (<paramref name="writer"/> or <paramref name="array"/>) to its pool.
    /// </summary>
    private static ValueTask Send(SocketIo io, SemaphoreSlim sendLock, ReadOnlyMemory<byte> data, PooledBufferWriter? writer, byte[]? array, CancellationToken cancellationToken)
    {
        if (!sendLock.Wait(0))
        {
            return SendRestAsync(io, sendLock, data, writer, array, locked: false, cancellationToken);
        }

        int sent;
        try
        {
            sent = io.TrySendNow(data.Span);
        }
        catch (Exception e)
        {
            sendLock.Release();
            ReturnBuffer(writer, array);
            return ValueTask.FromException(e);
        }

        if (sent < data.Length)
        {
            return SendRestAsync(io, sendLock, data.Slice(Math.Max(sent, 0)), writer, array, locked: true, cancellationToken);
        }

        sendLock.Release();
        ReturnBuffer(writer, array);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask SendRestAsync(SocketIo io, SemaphoreSlim sendLock, ReadOnlyMemory<byte> rest, PooledBufferWriter? writer, byte[]? array, bool locked, CancellationToken cancellationToken)
    {
        try
        {
            if (!locked)
            {
                await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
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
            ReturnBuffer(writer, array);
        }
    }

    private static void ReturnBuffer(PooledBufferWriter? writer, byte[]? array)
    {
        if (writer is not null)
        {
            PooledBufferWriter.Return(writer);
        }
        else if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>A second record is coming: the first one moves into the shared buffer, and its own goes back to the pool.</summary>
    private void CopySingle()
    {
        if (_single is { } single)
        {
            Append(ref _buffer, ref _length, _singleRecord.Span);
            _single = null;
            _singleRecord = default;
            PooledBufferWriter.Return(single);
        }
    }
}
