using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Internal;
using MiniRpc.Transport;

namespace MiniRpc.Client;

/// <summary>
/// A client over UDP: one datagram per call, retransmitted with exponential backoff until the reply comes or the
/// call times out; replies matched by xid, so late, duplicate and stray replies are dropped.
/// </summary>
internal sealed class DatagramRpcClient : RpcClientCore, IDatagramReceiver
{
    private const int ReceiveBufferSize = 65_536;

    private readonly SocketIo _io;
    private readonly ReaderTurn _reader;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);
    private Task? _receiveLoop;

    public DatagramRpcClient(EndPoint remoteEndPoint, RpcClientOptions options, ILogger logger)
        : base(remoteEndPoint, options, logger, retransmits: true)
    {
        // socket, connect: a connected UDP socket receives only from the server.
        var socket = new Socket(remoteEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        ClientLog.Connecting(Logger, socket.AddressFamily, SocketType.Dgram, remoteEndPoint);
        try
        {
            socket.Connect(remoteEndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        ClientLog.Connected(Logger, socket.LocalEndPoint, remoteEndPoint);
        _io = SocketIo.Create(socket, options.UseEventLoop, forClient: true);

        // The first asynchronous call starts receiving; until then synchronous calls read their own replies. On an
        // event loop the loop hands each reply over itself (no asynchronous receive loop to resume per datagram).
        _reader = new ReaderTurn(() => _receiveLoop = _io.TryReceiveDatagramsOnLoop(this) ? null : ReceiveLoopAsync());
    }

    Span<byte> IDatagramReceiver.ReceiveBuffer => _buffer;

    void IDatagramReceiver.OnDatagram(int length, EndPoint? sender) => DispatchReply(_buffer.AsSpan(0, length), fromReceiveLoop: true);

    void IDatagramReceiver.OnReceiveError(SocketException error)
    {
        if (!IsDisposed)
        {
            FailPendingAfter(error); // receiving goes on: the error was the socket's, reported once
        }
    }

    /// <summary>
    /// recv failed: fails every pending call. ICMP port unreachable (connection refused) means nothing listens there,
    /// which the callers learn now rather than at their timeout.
    /// </summary>
    private void FailPendingAfter(Exception error)
    {
        if (error is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            FailPending(static _ => true, Refused(error));
            return;
        }

        ClientLog.ReceiveFailed(Logger, RemoteEndPoint, error);
        FailPending(static _ => true, new RpcConnectionException($"Receiving from {RemoteEndPoint} failed: {error.Message}", error));
    }

    private RpcConnectionException Refused(Exception error) => new($"Nothing listens on {RemoteEndPoint} (connection refused).", error);

    protected override void ValidateRequest(PooledBufferWriter request)
    {
        if (request.MessageLength > Options.MaxDatagramSize)
        {
            throw new ArgumentException($"The call encodes to {request.MessageLength} bytes, over the UDP maximum of {Options.MaxDatagramSize}: use TCP for calls this large.");
        }
    }

    protected override ValueTask SendAsync(PendingCall call, PooledBufferWriter request)
    {
        _reader.EnsureLoop();
        call.RetransmitInterval = (long)Options.UdpRetransmitInterval.TotalMilliseconds;
        call.NextRetransmit = Environment.TickCount64 + call.RetransmitInterval;
        call.KeepRequest(request);
        if (call.BorrowRequest() is null)
        {
            return ValueTask.CompletedTask;
        }

        ValueTask<int> sending;
        try
        {
            sending = _io.SendAsync(request.Message, CancellationToken.None);
        }
        catch (SocketException e)
        {
            call.ReturnRequest();
            throw SendFailed(e);
        }
        catch
        {
            call.ReturnRequest();
            throw;
        }

        if (sending.IsCompletedSuccessfully)
        {
            // The usual case: the datagram left at once, with no state machine for the wait.
            call.ReturnRequest();
            return ValueTask.CompletedTask;
        }

        return FinishSendingAsync(sending, call);
    }

    private async ValueTask FinishSendingAsync(ValueTask<int> sending, PendingCall call)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw SendFailed(e);
        }
        finally
        {
            call.ReturnRequest();
        }
    }

    private RpcConnectionException SendFailed(SocketException e) => new($"Sending to {RemoteEndPoint} failed: {e.Message}", e);

    /// <summary>
    /// As libtirpc's <c>clnt_dg_call</c>: send, then wait for the reply and receive it on the calling thread (one
    /// blocking recv where the descriptor blocks, else poll and recv), sending again each time the retransmission
    /// interval passes with no reply, until the reply or the timeout.
    /// </summary>
    protected override bool TryCallDirectly(PendingCall call, PooledBufferWriter request)
    {
        if (!_reader.TryEnterCaller())
        {
            return false;
        }

        try
        {
            call.NextRetransmit = long.MaxValue; // the caller retransmits, not the timer
            call.KeepRequest(request);
            CallDirectly(call);
        }
        finally
        {
            _reader.ExitCaller();
        }

        return true;
    }

    private void CallDirectly(PendingCall call)
    {
        PooledBufferWriter? request = call.BorrowRequest();
        if (request is null)
        {
            return;
        }

        try
        {
            long interval = (long)Options.UdpRetransmitInterval.TotalMilliseconds;
            long next = Environment.TickCount64 + interval;
            _io.Send(request.Message.Span, 0); // a datagram that finds no room is as good as lost: sent again below
            while (!call.IsCompleted)
            {
                long now = Environment.TickCount64;
                if (now >= call.Deadline)
                {
                    TimeOut(call);
                    break;
                }

                if (now >= next)
                {
                    interval = Backoff(interval);
                    next = now + interval;
                    ClientLog.Retransmitting(Logger, call.Xid, interval);
                    _io.Send(request.Message.Span, 0);
                }

                // At most a quarter of a second at a time, so that a call completed by someone else (a dispose) ends soon.
                int received = _io.Receive(_buffer, (int)Math.Clamp(Math.Min(call.Deadline, next) - now, 0, 250));
                if (received >= 0)
                {
                    DispatchReply(_buffer.AsSpan(0, received), fromReceiveLoop: false);
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            FailPendingAfter(e);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (!IsDisposed)
            {
                ClientLog.ReceiveFailed(Logger, RemoteEndPoint, e);
            }

            Abort(call, new RpcConnectionException($"Receiving from {RemoteEndPoint} failed: {e.Message}", e));
        }
        finally
        {
            call.ReturnRequest();
        }
    }

    protected override void OnTick(PendingCall call, long now)
    {
        if (now < call.NextRetransmit)
        {
            return;
        }

        call.RetransmitInterval = Backoff(call.RetransmitInterval);
        call.NextRetransmit = now + call.RetransmitInterval;
        ClientLog.Retransmitting(Logger, call.Xid, call.RetransmitInterval);
        PooledBufferWriter? request = call.BorrowRequest();
        if (request is null)
        {
            return;
        }

        try
        {
            // Through the io, as every other send; a datagram that finds no room is as good as lost: the next tick
            // sends it again.
            _io.Send(request.Message.Span, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The next tick tries again; the timeout ends it.
        }
        finally
        {
            call.ReturnRequest();
        }
    }

    /// <summary>The wait before the next retransmission: twice the last, up to the maximum.</summary>
    private long Backoff(long interval) => Math.Min(interval * 2, (long)Options.UdpMaxRetransmitInterval.TotalMilliseconds);

    protected override async ValueTask CloseAsync()
    {
        ClientLog.DatagramClosed(Logger, RemoteEndPoint);
        _io.Shutdown(); // wakes a synchronous caller polling the socket
        _io.Dispose();
        if (_receiveLoop is null)
        {
            return;
        }

        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The loop ends when the socket closes.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = _buffer;
        while (!IsDisposed)
        {
            int received;
            try
            {
                received = await _io.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                FailPendingAfter(e);
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!IsDisposed)
                {
                    FailPendingAfter(e);
                }

                return;
            }

            DispatchReply(buffer.AsSpan(0, received), fromReceiveLoop: true);
        }
    }
}
