using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Internal;
using MiniRpc.Transport;

namespace MiniRpc.Server;

/// <summary>A bound UDP socket: one datagram per call, the reply sent to the datagram's sender.</summary>
internal sealed class DatagramListener : IListener, IRpcResponder, IDatagramReceiver
{
    private const int ReceiveBufferSize = 65_536;

    private readonly RpcServer _server;
    private readonly SocketIo _io;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
    private Task _receiveLoop = Task.CompletedTask;
    private int _inFlight;
    private int _stopped;

    private DatagramListener(RpcServer server, Socket socket)
    {
        _server = server;
        _io = SocketIo.Create(socket, server.Options.UseEventLoop, forClient: false);
        LocalEndPoint = socket.LocalEndPoint!;
    }

    public EndPoint LocalEndPoint { get; }

    public RpcTransport Transport => RpcTransport.Udp;

    public UnixCredentials? PeerCredentials => null;

    Span<byte> IDatagramReceiver.ReceiveBuffer => _buffer;

    /// <summary>socket, bind; then the receive loop runs until the listener stops.</summary>
    public static DatagramListener Start(RpcServer server, IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        ServerLog.Bound(server.Logger, socket.AddressFamily, socket.LocalEndPoint);
        var listener = new DatagramListener(server, socket);

        // With native I/O the socket has a thread of its own, asleep in recvfrom: each datagram is handled where the
        // kernel woke it, as svc_run does, with one system call per call received (no epoll_wait before it).
        try
        {
            listener._receiveLoop = listener._io.TryReceiveDatagramsOnThread(listener, $"MiniRpc UDP {listener.LocalEndPoint}") ?? listener.ReceiveLoopAsync();
        }
        catch
        {
            listener._io.Dispose(); // no thread to be had (a process at its limit): the socket goes with the listener
            throw;
        }

        return listener;
    }

    public void StopAccepting()
    {
        // Stop taking calls; the socket stays open until disposed so that replies in flight still go out.
        Interlocked.Exchange(ref _stopped, 1);
    }

    public async ValueTask DisposeAsync()
    {
        StopAccepting();
        ServerLog.ListenerClosed(_server.Logger, LocalEndPoint);
        _io.Dispose();

        // The receive loop or thread ends after the datagram it was dispatching: nothing of this listener runs once it
        // is disposed.
        await _receiveLoop.ConfigureAwait(false);
    }

    public ValueTask SendAsync(PooledBufferWriter reply, uint xid, EndPoint? remoteEndPoint)
    {
        ValueTask sending;
        try
        {
            if (reply.MessageLength > _server.Options.MaxDatagramSize)
            {
                ServerLog.ReplyTooLarge(_server.Logger, xid, reply.MessageLength, _server.Options.MaxDatagramSize);
                reply.Reset();
                var writer = new Xdr.XdrWriter(reply);
                Protocol.ReplyHeader.Accepted(xid, Protocol.AcceptStatus.SystemErr).Write(ref writer);
                writer.Flush();
            }

            sending = _io.SendToAsync(reply.Message, remoteEndPoint!, CancellationToken.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            ServerLog.ReplyNotDelivered(_server.Logger, xid, e.Message);
            PooledBufferWriter.Return(reply);
            return ValueTask.CompletedTask;
        }

        if (sending.IsCompletedSuccessfully)
        {
            // The usual case with native I/O: the datagram left at once, with no state machine for the wait.
            PooledBufferWriter.Return(reply);
            return ValueTask.CompletedTask;
        }

        return FinishSendingAsync(sending, reply, xid);
    }

    private async ValueTask FinishSendingAsync(ValueTask sending, PooledBufferWriter reply, uint xid)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            ServerLog.ReplyNotDelivered(_server.Logger, xid, e.Message);
        }
        finally
        {
            PooledBufferWriter.Return(reply);
        }
    }

    void IDatagramReceiver.OnDatagram(int length, EndPoint? sender)
    {
        if (Volatile.Read(ref _stopped) == 0)
        {
            Dispatch(_buffer.AsSpan(0, length), sender!); // never connected: recvfrom names every sender
        }
    }

    void IDatagramReceiver.OnReceiveError(SocketException error)
    {
        // An ICMP error about an earlier reply, or the like: nothing to do with the next call.
    }

    /// <summary>The receive path over .NET's sockets (no event loop).</summary>
    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = _buffer;
        EndPoint any = _io.Socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _io.ReceiveFromAsync(buffer.AsMemory(), any, CancellationToken.None).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
            {
                // An ICMP error about an earlier reply, or an oversized datagram: nothing to do with the next call.
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Volatile.Read(ref _stopped) != 0)
            {
                continue;
            }

            Dispatch(buffer.AsSpan(0, received.ReceivedBytes), received.RemoteEndPoint);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, EndPoint remoteEndPoint)
    {
        if (Interlocked.Increment(ref _inFlight) > _server.Options.MaxUdpCallsInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            ServerLog.UdpBusy(_server.Logger, remoteEndPoint, _server.Options.MaxUdpCallsInFlight);
            return;
        }

        _server.CallStarted();
        if (!_server.TryDispatch(datagram, this, remoteEndPoint, _server.Stopping, out ValueTask reply))
        {
            CallDone();
            return;
        }

        if (reply.IsCompleted)
        {
            reply.GetAwaiter().GetResult();
            CallDone();
            return;
        }

        _ = AwaitCallAsync(reply);
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
        _server.CallFinished();
    }
}
