using System;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Internal;
using MiniRpc.Transport;

namespace MiniRpc.Client;

/// <summary>
/// A client over a stream socket (TCP or a Unix domain socket): one connection carries many calls at once, each
/// record written whole under a send lock, replies matched by xid as they arrive in any order.
/// </summary>
internal sealed class StreamRpcClient : RpcClientCore
{
    private const int ReceiveBufferSize = 128 * 1024;

    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private Connection? _connection;
    private bool _broken;

    public StreamRpcClient(EndPoint remoteEndPoint, RpcClientOptions options, ILogger logger)
        : base(remoteEndPoint, options, logger, retransmits: false)
    {
    }

    /// <summary>Connects now rather than on the first call, so that an unreachable server shows at once.</summary>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (Transport.Native.EventLoop.IsHandlingEvents)
        {
            // The connect completed on a client loop, in the middle of its events: the caller's code must not run
            // there (a synchronous call made there would wait for a reply the loop cannot read).
            await Task.Yield();
        }
    }

    protected override ValueTask SendAsync(PendingCall call, PooledBufferWriter request)
    {
        // The request is kept until the call completes: if the connection breaks first, it is sent again once.
        call.KeepRequest(request);
        return SendCallAsync(call);
    }

    protected override ValueTask CloseAsync()
    {
        _connection?.Break(null);
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendCallAsync(PendingCall call)
    {
        PooledBufferWriter? request = call.BorrowRequest();
        if (request is null)
        {
            return; // completed (timed out, canceled) before it could be sent
        }

        try
        {
            Connection connection = _connection is { IsBroken: false } current ? current : await GetConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            call.Owner = connection;
            connection.Reader.EnsureLoop();
            ReadOnlyMemory<byte> record = request.GetRecord(Options.MaxFragmentLength);
            if (connection.Batch.TryAdd(record.Span))
            {
                return; // a caller continuing on the receive loop: its call leaves with the others after the batch
            }

            if (PendingCount > 1 && connection.Queue.TryEnqueue(record.Span))
            {
                return; // other calls in flight: their callers are likely sending too, so share one send
            }

            await connection.SendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                // One record at a time, whole: concurrent callers never interleave fragments.
                while (!record.IsEmpty)
                {
                    int sent = await connection.Io.SendAsync(record, CancellationToken.None).ConfigureAwait(false);
                    record = record.Slice(sent);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                connection.Break(e);
                throw SendFailed(e);
            }
            finally
            {
                connection.SendLock.Release();
            }
        }
        finally
        {
            call.ReturnRequest();
        }
    }

    private async Task ResendAsync(PendingCall call)
    {
        try
        {
            await SendCallAsync(call).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Abort(call, Wrap(e));
        }
    }

    private async ValueTask<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (_connection is { IsBroken: false } current)
            {
                return current;
            }

            if (_broken && !Options.Reconnect)
            {
                throw new RpcConnectionException($"The connection to {RemoteEndPoint} broke and the client does not reconnect.");
            }

            // socket, connect: the classic client steps.
            var socket = new Socket(RemoteEndPoint.AddressFamily, SocketType.Stream, RemoteEndPoint.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
            SocketIo io = SocketIo.Create(socket, Options.UseEventLoop, forClient: true);
            ClientLog.Connecting(Logger, socket.AddressFamily, SocketType.Stream, RemoteEndPoint);
            try
            {
                if (socket.AddressFamily != AddressFamily.Unix)
                {
                    socket.NoDelay = true;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.ConnectTimeout);
                try
                {
                    await io.ConnectAsync(RemoteEndPoint, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new RpcConnectionException($"Connecting to {RemoteEndPoint} took longer than {Options.ConnectTimeout.TotalSeconds:0.###} s.");
                }
            }
            catch (SocketException e)
            {
                io.Dispose();
                throw new RpcConnectionException($"Cannot connect to {RemoteEndPoint}: {e.Message}", e);
            }
            catch
            {
                io.Dispose();
                throw;
            }

            ClientLog.Connected(Logger, socket.LocalEndPoint, RemoteEndPoint);

            // Nobody reads yet: the first asynchronous call starts the receive loop, and until then synchronous calls
            // read their replies themselves, with the event loop out of the way.
            io.PauseEvents();
            var connection = new Connection(this, io);
            _connection = connection;
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    protected override bool TryCallDirectly(PendingCall call, PooledBufferWriter request)
    {
        Connection connection = _connection is { IsBroken: false } current ? current : GetConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (!connection.Reader.TryEnterCaller())
        {
            return false; // the receive loop reads this connection: wait for it like an asynchronous call
        }

        call.IsDirect = true;
        call.KeepRequest(request);
        while (true)
        {
            call.Owner = connection;
            try
            {
                CallDirectly(connection, call);
            }
            finally
            {
                connection.Reader.ExitCaller();
            }

            if (call.IsCompleted || !connection.IsBroken)
            {
                return true;
            }

            // The connection broke under the call: once more on a new one, as the receive loop would (at-least-once).
            if (!Options.Reconnect || IsDisposed || call.Retried)
            {
                Abort(call, connection.Failure ?? new RpcConnectionException($"The connection to {RemoteEndPoint} was closed."));
                return true;
            }

            call.Retried = true;
            try
            {
                connection = GetConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                Abort(call, Wrap(e));
                return true;
            }

            if (!connection.Reader.TryEnterCaller())
            {
                call.IsDirect = false;
                call.Owner = null;
                EnsureTimer(); // its timeout is the timer's from now on
                _ = ResendAsync(call);
                return true;
            }
        }
    }

    /// <summary>Sends the call and reads the connection until its reply, its timeout or the end of the connection.</summary>
    private void CallDirectly(Connection connection, PendingCall call)
    {
        PooledBufferWriter? request = call.BorrowRequest();
        if (request is null)
        {
            return; // completed already (the client was disposed)
        }

        try
        {
            ReadOnlySpan<byte> record = request.GetRecord(Options.MaxFragmentLength).Span;
            connection.SendLock.Wait();
            try
            {
                while (!record.IsEmpty)
                {
                    int sent = connection.Io.Send(record, WaitSlice(call));
                    if (sent >= 0)
                    {
                        record = record.Slice(sent);
                    }
                    else if (Environment.TickCount64 >= call.Deadline)
                    {
                        // Part of the record may have left: the stream is no longer usable.
                        TimeOut(call);
                        connection.Break(new RpcConnectionException($"Sending to {RemoteEndPoint} took longer than the timeout."));
                        return;
                    }
                }
            }
            finally
            {
                connection.SendLock.Release();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            connection.Break(SendFailed(e));
            return;
        }
        finally
        {
            call.ReturnRequest();
        }

        // Replies to asynchronous calls made meanwhile are dispatched to them on the way.
        try
        {
            while (!call.IsCompleted && !connection.IsBroken)
            {
                int received = connection.Io.Receive(connection.ReceiveBuffer, WaitSlice(call));
                if (received < 0)
                {
                    if (Environment.TickCount64 >= call.Deadline)
                    {
                        TimeOut(call);
                    }
                }
                else if (received == 0)
                {
                    connection.Break(ClosedByServer());
                }
                else
                {
                    DispatchRecords(connection.Records, connection.ReceiveBuffer.AsSpan(0, received), fromReceiveLoop: false);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or RecordMarkingException)
        {
            connection.Break(ConnectionFailed(e));
        }
    }

    // What a connection fails with, the same whether the receive loop or a synchronous caller saw it.
    private RpcConnectionException SendFailed(Exception e) => new($"Sending to {RemoteEndPoint} failed: {e.Message}", e);

    private RpcConnectionException ClosedByServer() => new($"The server {RemoteEndPoint} closed the connection.");

    private RpcConnectionException ConnectionFailed(Exception e) => new($"The connection to {RemoteEndPoint} failed: {e.Message}", e);

    /// <summary>
    /// How long one wait of a synchronous call lasts: until its deadline, but at most a quarter of a second, so that
    /// a call completed by someone else (a dispose) is noticed soon.
    /// </summary>
    private static int WaitSlice(PendingCall call) => (int)Math.Clamp(call.Deadline - Environment.TickCount64, 0, 250);

    /// <summary>
    /// Reads a connection for the asynchronous calls where there is no event loop to do it (see
    /// <see cref="Connection"/>): one receive at a time, and the batch of calls made meanwhile is sent before the next.
    /// </summary>
    private async Task ReceiveLoopAsync(Connection connection)
    {
        byte[] buffer = connection.ReceiveBuffer;
        using RecordMarkingReader records = connection.Records;
        Exception? failure = null;
        try
        {
            while (true)
            {
                int received = await connection.Io.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (received == 0)
                {
                    failure = ClosedByServer();
                    break;
                }

                connection.Batch.Open();
                DispatchRecords(records, buffer.AsSpan(0, received), fromReceiveLoop: true);
                await connection.Batch.CloseAsync(connection.Io, connection.SendLock, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or RecordMarkingException)
        {
            failure = ConnectionFailed(e);
        }
        finally
        {
            connection.Batch.Discard();
            connection.Break(failure);
        }
    }

    private void DispatchRecords(RecordMarkingReader records, Span<byte> received, bool fromReceiveLoop)
    {
        while (records.TryReadRecord(ref received, out ReadOnlySpan<byte> record))
        {
            DispatchReply(record, fromReceiveLoop);
        }
    }

    private void OnBroken(Connection connection, Exception? failure)
    {
        _broken = true;
        Interlocked.CompareExchange(ref _connection, null, connection);
        Exception exception = failure ?? new RpcConnectionException($"The connection to {RemoteEndPoint} was closed.");

        // Calls that were waiting on the broken connection go out once more on a new one (at-least-once, as over UDP
        // and as the kernel's RPC client does): a server that closes an idle connection just as a call leaves must
        // not fail it. A call that was already sent twice fails.
        int failed = 0;
        foreach (PendingCall call in PendingCalls)
        {
            if (!ReferenceEquals(call.Owner, connection) || call.IsDirect)
            {
                continue; // another connection's, or a synchronous call whose caller sends it again itself
            }

            if (Options.Reconnect && !IsDisposed && !call.Retried)
            {
                call.Retried = true;
                call.Owner = null;
                _ = ResendAsync(call);
            }
            else
            {
                Abort(call, exception);
                failed++;
            }
        }

        if (failure is not null && !IsDisposed)
        {
            ClientLog.ConnectionBroken(Logger, RemoteEndPoint, failed, failure);
        }

    }

    /// <summary>
    /// One connection of the client. On an event loop it takes its bytes there (<see cref="IStreamReceiver"/>): the
    /// loop receives, splits records and dispatches replies with no continuation in between; elsewhere
    /// <see cref="ReceiveLoopAsync"/> does the same with asynchronous receives.
    /// </summary>
    private sealed class Connection : IStreamReceiver
    {
        private readonly StreamRpcClient _client;
        private int _broken;

        public Connection(StreamRpcClient client, SocketIo io)
        {
            _client = client;
            Io = io;
            Reader = new ReaderTurn(StartReceiving);
            Records = new RecordMarkingReader(client.Options.MaxRecordSize);
            Queue = new SendQueue(io, SendLock, e => Break(client.SendFailed(e)));
        }

        public SocketIo Io { get; }

        public SendQueue Queue { get; }

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public SendBatch Batch { get; } = new();

        public bool IsBroken => Volatile.Read(ref _broken) != 0;

        /// <summary>Why the connection broke, once it has.</summary>
        public Exception? Failure { get; private set; }

        /// <summary>
        /// What the connection's bytes arrive in, and the records they make: read by one reader at a time, a
        /// synchronous caller or the receive loop (which disposes the record reader when it ends).
        /// </summary>
        public byte[] ReceiveBuffer { get; } = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);

        public RecordMarkingReader Records { get; }

        /// <summary>Whether a synchronous caller or the receive loop reads the connection.</summary>
        public ReaderTurn Reader { get; }

        Span<byte> IStreamReceiver.ReceiveBuffer => ReceiveBuffer;

        void IStreamReceiver.OnReceived(int length)
        {
            Batch.Open();
            try
            {
                _client.DispatchRecords(Records, ReceiveBuffer.AsSpan(0, length), fromReceiveLoop: true);
            }
            catch (RecordMarkingException e)
            {
                Batch.Discard();
                Break(_client.ConnectionFailed(e));
                return;
            }

            // The calls that callers continuing inline made meanwhile leave together; a send that would block goes on
            // without holding up the loop.
            ValueTask sending = Batch.CloseAsync(Io, SendLock, CancellationToken.None);
            if (!sending.IsCompletedSuccessfully)
            {
                _ = ObserveBatchAsync(sending);
            }
        }

        void IStreamReceiver.OnEnded(Exception? failure)
        {
            Batch.Discard();
            Records.Dispose();
            Break(failure is null ? _client.ClosedByServer() : _client.ConnectionFailed(failure));
        }

        /// <summary>Starts reading for the asynchronous calls: on the event loop, or with a receive loop of its own.</summary>
        private void StartReceiving()
        {
            bool onLoop;
            try
            {
                onLoop = Io.TryReceiveStreamOnLoop(this);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Break(_client.ConnectionFailed(e)); // broken already, or epoll refused the socket
                return;
            }

            if (!onLoop)
            {
                _ = _client.ReceiveLoopAsync(this);
            }
        }

        private async Task ObserveBatchAsync(ValueTask sending)
        {
            try
            {
                await sending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Break(_client.ConnectionFailed(e));
            }
        }

        /// <summary>shutdown, close, and fail the calls that were waiting on this connection. Runs once.</summary>
        public void Break(Exception? failure)
        {
            if (Interlocked.Exchange(ref _broken, 1) != 0)
            {
                return;
            }

            Failure = failure;
            ClientLog.Closed(_client.Logger, _client.RemoteEndPoint, failure?.Message ?? "closed by the client");
            Io.Shutdown();
            Io.Dispose();
            _client.OnBroken(this, failure);
        }
    }
}
