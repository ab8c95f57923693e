using System;
using System.Threading;
using System.Threading.Tasks;

namespace MiniRpc.Transport;

/// <summary>
/// Coalesces records that several threads send at about the same time (calls made from thread-pool continuations
/// while other calls are in flight): each is copied into a shared buffer, and one work item, queued behind the
/// continuations already waiting, sends them all at once. Many calls in flight then cost one send between them
/// instead of one each.
/// </summary>
internal sealed class SendQueue
{
    private readonly Lock _gate = new();
    private readonly SocketIo _io;
    private readonly SemaphoreSlim _sendLock;
    private readonly Action<Exception> _onFailure;
    private byte[]? _buffer;
    private int _length;
    private bool _flushScheduled;

    public SendQueue(SocketIo io, SemaphoreSlim sendLock, Action<Exception> onFailure)
    {
        _io = io;
        _sendLock = sendLock;
        _onFailure = onFailure;
    }

    /// <summary>Copies <paramref name="record"/> in and makes sure a flush is on its way; false for a record over <see cref="SendBatch.MaxBatchedRecord"/>.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> record)
    {
        if (record.Length > SendBatch.MaxBatchedRecord)
        {
            return false;
        }

        bool schedule = false;
        lock (_gate)
        {
            SendBatch.Append(ref _buffer, ref _length, record);
            if (!_flushScheduled)
            {
                _flushScheduled = schedule = true;
            }
        }

        if (schedule)
        {
            // The global queue: behind the continuations already waiting, which may add their calls first.
            ThreadPool.UnsafeQueueUserWorkItem(static queue => _ = queue.FlushAsync(), this, preferLocal: false);
        }

        return true;
    }

    private async Task FlushAsync()
    {
        byte[]? buffer;
        int length;
        lock (_gate)
        {
            buffer = _buffer;
            length = _length;
            _buffer = null;
            _length = 0;
            _flushScheduled = false;
        }

        if (buffer is null)
        {
            return;
        }

        try
        {
            await SendBatch.SendAllAsync(_io, _sendLock, buffer, length, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            _onFailure(e);
        }
    }
}
