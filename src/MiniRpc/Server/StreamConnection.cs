using System;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Internal;
using MiniRpc.Transport;

namespace MiniRpc.Server;

/// <summary>
/// One accepted stream connection: the socket is read, records reassembled and each call dispatched, and replies are
/// sent as calls finish, in any order, one whole record at a time. On an event loop the loop reads
/// (<see cref="IStreamReceiver"/>), into one buffer per loop thread; elsewhere, and once a connection has had to wait
/// for a call slot, <see cref="ReceiveLoopAsync"/> does, with a buffer rented while data comes.
/// </summary>
internal sealed class StreamConnection : IRpcResponder, IStreamReceiver
{
    private const int ReceiveBufferSize = 128 * 1024;

    // The loop thread's receive buffer, shared by all its connections: what a receive brings is dispatched (or, for
    // a partial record, copied by the record reader) before the next one, so an idle connection holds no buffer.
    [ThreadStatic]
    private static byte[]? t_loopBuffer;

    private readonly RpcServer _server;
    private readonly SocketIo _io;
    private readonly EndPoint? _remoteEndPoint;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly RecordMarkingReader _records;
    private readonly SendBatch _batch = new();
    private long _lastActivity = Environment.TickCount64;
    private long _partialSince;
    private int _inFlight;
    private int _closed;
    private bool _holdingSlot;

    public StreamConnection(RpcServer server, Socket socket, RpcTransport transport)
    {
        _server = server;
        _io = SocketIo.Create(socket, server.Options.UseEventLoop, forClient: false);
        Transport = transport;
        _remoteEndPoint = TryGetRemoteEndPoint(socket);
        _slots = new SemaphoreSlim(server.Options.MaxCallsInFlightPerConnection, server.Options.MaxCallsInFlightPerConnection);
        _records = new RecordMarkingReader(server.Options.MaxRecordSize);
        if (transport == RpcTransport.Tcp)
        {
            socket.NoDelay = true;
        }
        else
        {
            PeerCredentials = TryGetPeerCredentials(socket);
        }
    }

    public RpcTransport Transport { get; }

    public UnixCredentials? PeerCredentials { get; }

    public void Start()
    {
        bool onLoop;
        try
        {
            onLoop = _io.TryReceiveStreamOnLoop(this);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close(e.Message);
            return;
        }

        if (!onLoop)
        {
            _ = ReceiveLoopAsync();
        }
    }

    Span<byte> IStreamReceiver.ReceiveBuffer => t_loopBuffer ??= GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);

    void IStreamReceiver.OnReceived(int length)
    {
        if (_stopReading.IsCancellationRequested)
        {
            _io.StopReceivingOnLoop(); // shutting down: no new calls (the async loop would have stopped reading too)
            return;
        }

        byte[] buffer = t_loopBuffer!;
        long now = Environment.TickCount64;
        Volatile.Write(ref _lastActivity, now);
        int offset;
        _batch.Open();
        try
        {
            offset = Process(buffer, 0, length);
        }
        catch (RecordMarkingException e)
        {
            _io.StopReceivingOnLoop();
            _batch.Discard();
            _records.Dispose();
            ServerLog.LimitHit(_server.Logger, _remoteEndPoint, e.Message);
            Close("record over the maximum size");
            return;
        }

        if (offset < 0)
        {
            // Nothing after the garbled call is read; the replies to the calls before it still go out, then the
            // connection closes (a send that waits would otherwise let the loop go on receiving).
            _io.StopReceivingOnLoop();
            _records.Dispose();
            ValueTask sent = _batch.CloseAsync(_io, _sendLock, _aborted.Token);
            if (sent.IsCompletedSuccessfully)
            {
                Close("a garbled call header");
            }
            else
            {
                _ = CloseWhenSentAsync(sent, "a garbled call header");
            }

            return;
        }

        if (offset < length)
        {
            // Every call slot is taken: the rest waits for one off the loop, and the asynchronous receive loop, which
            // reads no further until then, takes the connection over.
            byte[] rest = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
            buffer.AsSpan(offset, length - offset).CopyTo(rest);
            _io.StopReceivingOnLoop();
            SendBatch();
            _ = ReceiveLoopAsync(rest, length - offset);
            return;
        }

        // The replies of the calls that finished at once leave together.
        SendBatch();
        Volatile.Write(ref _partialSince, _records.HasPartialRecord ? (_partialSince != 0 ? _partialSince : now) : 0);
    }

    void IStreamReceiver.OnEnded(Exception? failure)
    {
        _batch.Discard();
        _records.Dispose();
        Close(failure?.Message ?? "the client closed the connection");
    }

    /// <summary>Sends the batch the loop gathered; a send that would block goes on without holding up the loop.</summary>
    private void SendBatch()
    {
        ValueTask sent = _batch.CloseAsync(_io, _sendLock, _aborted.Token);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = CloseWhenSentAsync(sent, reason: null);
        }
    }

    /// <summary>Waits for a batch to leave, then closes the connection with <paramref name="reason"/> (or only if sending failed).</summary>
    private async Task CloseWhenSentAsync(ValueTask sent, string? reason)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = e.Message;
        }

        if (reason is not null)
        {
            Close(reason);
        }
    }

    /// <summary>Stops reading new calls (graceful shutdown); replies to calls in flight still go out.</summary>
    public void StopReading()
    {
        try
        {
            _stopReading.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Closed already.
        }
    }

    /// <summary>shutdown and close, once; calls still running see <see cref="RpcCallContext.CallAborted"/>.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        ServerLog.ConnectionClosed(_server.Logger, _remoteEndPoint, reason);
        _aborted.Cancel();
        _io.Shutdown();
        _io.Dispose();
        _server.RemoveConnection(this);
    }

    /// <summary>Closes the connection if it has been idle, or has held a partial record, for too long.</summary>
    public void CheckTimeouts(long now)
    {
        RpcServerOptions options = _server.Options;
        if (options.IdleTimeout != Timeout.InfiniteTimeSpan
            && Volatile.Read(ref _inFlight) == 0
            && now - Volatile.Read(ref _lastActivity) > (long)options.IdleTimeout.TotalMilliseconds)
        {
            ServerLog.LimitHit(_server.Logger, _remoteEndPoint, $"idle for over {options.IdleTimeout.TotalSeconds:0.###} s");
            Close("idle timeout");
            return;
        }

        long partialSince = Volatile.Read(ref _partialSince);
        if (options.PartialRecordTimeout != Timeout.InfiniteTimeSpan
            && partialSince != 0
            && now - partialSince > (long)options.PartialRecordTimeout.TotalMilliseconds)
        {
            ServerLog.LimitHit(_server.Logger, _remoteEndPoint, $"a partial record waited over {options.PartialRecordTimeout.TotalSeconds:0.###} s for the rest");
            Close("partial record timeout");
        }
    }

    public ValueTask SendAsync(PooledBufferWriter reply, uint xid, EndPoint? remoteEndPoint)
    {
        ReadOnlyMemory<byte> record = reply.GetRecord(_server.Options.MaxFragmentLength);
        return _batch.TryAdd(reply, record)
            ? ValueTask.CompletedTask // a reply of a call handled at once: it leaves with the rest of the batch, which owns it now
            : SendNowAsync(reply, record, xid);
    }

    private async ValueTask SendNowAsync(PooledBufferWriter reply, ReadOnlyMemory<byte> record, uint xid)
    {
        try
        {
            await _sendLock.WaitAsync(_aborted.Token).ConfigureAwait(false);
            try
            {
                // One whole record at a time: replies finishing together never interleave their fragments.
                while (!record.IsEmpty)
                {
                    int sent = await _io.SendAsync(record, _aborted.Token).ConfigureAwait(false);
                    record = record.Slice(sent);
                }
            }
            finally
            {
                _sendLock.Release();
            }

            Volatile.Write(ref _lastActivity, Environment.TickCount64);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            ServerLog.ReplyNotDelivered(_server.Logger, xid, e.Message);
            Close("sending a reply failed");
        }
        finally
        {
            PooledBufferWriter.Return(reply);
        }
    }

    /// <summary>SO_PEERCRED (Linux): struct ucred { pid_t pid; uid_t uid; gid_t gid; }, in the machine's byte order.</summary>
    private static UnixCredentials? TryGetPeerCredentials(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> ucred = stackalloc byte[12];
        try
        {
            const int SolSocket = 1;
            const int SoPeerCred = 17;
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) < 12)
            {
                return null;
            }
        }
        catch (SocketException)
        {
            return null;
        }

        return new UnixCredentials(
            System.Runtime.InteropServices.MemoryMarshal.Read<int>(ucred),
            System.Runtime.InteropServices.MemoryMarshal.Read<uint>(ucred.Slice(4)),
            System.Runtime.InteropServices.MemoryMarshal.Read<uint>(ucred.Slice(8)));
    }

    private static EndPoint? TryGetRemoteEndPoint(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the connection with asynchronous receives. <paramref name="buffer"/> (rented), when given, starts with
    /// <paramref name="pending"/> bytes that the loop's receiver received but could not dispatch yet.
    /// </summary>
    private async Task ReceiveLoopAsync(byte[]? buffer = null, int pending = 0)
    {
        string reason = "the server stopped reading";
        try
        {
            while (true)
            {
                int received = pending;
                pending = 0;
                if (received == 0 || buffer is null)
                {
                    if (buffer is null)
                    {
                        // An idle connection holds no buffer: wait for data with a zero-byte receive, then rent one.
                        // Thousands of idle connections then cost a socket each, not 128 KiB each.
                        await _io.WaitReadableAsync(_stopReading.Token).ConfigureAwait(false);
                        buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                    }

                    received = await _io.ReceiveAsync(buffer.AsMemory(), _stopReading.Token).ConfigureAwait(false);
                    if (received == 0)
                    {
                        reason = "the client closed the connection";
                        break;
                    }
                }

                long now = Environment.TickCount64;
                Volatile.Write(ref _lastActivity, now);
                int offset = 0;
                _batch.Open();
                while (offset < received)
                {
                    offset = Process(buffer, offset, received);
                    if (offset < 0)
                    {
                        reason = "a garbled call header";
                        await _batch.CloseAsync(_io, _sendLock, _aborted.Token).ConfigureAwait(false);
                        return;
                    }

                    if (offset < received)
                    {
                        // As many calls as allowed are running: read no further until one finishes.
                        await _batch.CloseAsync(_io, _sendLock, _aborted.Token).ConfigureAwait(false);
                        await _slots.WaitAsync(_aborted.Token).ConfigureAwait(false);
                        _holdingSlot = true;
                        _batch.Open();
                    }
                }

                // The replies of the calls that finished at once leave together.
                await _batch.CloseAsync(_io, _sendLock, _aborted.Token).ConfigureAwait(false);

                Volatile.Write(ref _partialSince, _records.HasPartialRecord ? (_partialSince != 0 ? _partialSince : now) : 0);
                if (received < buffer.Length)
                {
                    // A short read drained the socket: give the buffer back while waiting for more.
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (RecordMarkingException e)
        {
            ServerLog.LimitHit(_server.Logger, _remoteEndPoint, e.Message);
            reason = "record over the maximum size";
        }
        catch (OperationCanceledException)
        {
            if (!_stopReading.IsCancellationRequested)
            {
                reason = "aborted";
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            reason = e.Message;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _batch.Discard();
            _records.Dispose();
            if (!_stopReading.IsCancellationRequested || reason != "the server stopped reading")
            {
                Close(reason);
            }
        }
    }

    /// <summary>Dispatches the whole records in <paramref name="buffer"/>[offset..end); returns where it stopped, or -1 to close.</summary>
    private int Process(byte[] buffer, int offset, int end)
    {
        Span<byte> input = buffer.AsSpan(offset, end - offset); // the reader may join a record's fragments in place
        while (true)
        {
            if (!_holdingSlot)
            {
                if (!_slots.Wait(0))
                {
                    return end - input.Length;
                }

                _holdingSlot = true;
            }

            if (!_records.TryReadRecord(ref input, out ReadOnlySpan<byte> record))
            {
                return end;
            }

            // The slot now belongs to this call and is released when its reply is sent.
            _holdingSlot = false;
            Interlocked.Increment(ref _inFlight);
            _server.CallStarted();
            if (!_server.TryDispatch(record, this, _remoteEndPoint, _aborted.Token, out ValueTask reply))
            {
                CallDone();
                return -1;
            }

            if (reply.IsCompleted)
            {
                reply.GetAwaiter().GetResult();
                CallDone();
            }
            else
            {
                _ = AwaitCallAsync(reply);
            }
        }
    }

    private async Task AwaitCallAsync(ValueTask reply)
    {
        try
        {
            await reply.ConfigureAwait(false);
        }
        finally
        {
            CallDone();
        }
    }

    private void CallDone()
    {
        Interlocked.Decrement(ref _inFlight);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        _server.CallFinished();
        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile.
        }
    }
}
