using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace MiniRpc.Server;

/// <summary>A listening stream socket (TCP or Unix) and its accept loop.</summary>
internal sealed class StreamListener : IListener
{
    private const int Backlog = 512;

    private readonly RpcServer _server;
    private readonly Socket _socket;
    private readonly RpcTransport _transport;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    private StreamListener(RpcServer server, Socket socket, RpcTransport transport)
    {
        _server = server;
        _socket = socket;
        _transport = transport;
        LocalEndPoint = socket.LocalEndPoint!;
    }

    public EndPoint LocalEndPoint { get; }

    /// <summary>socket, bind, listen; then the accept loop runs until the listener stops.</summary>
    public static StreamListener Start(RpcServer server, EndPoint endPoint, RpcTransport transport)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, transport == RpcTransport.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (endPoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        ServerLog.Listening(server.Logger, socket.AddressFamily, SocketType.Stream, socket.LocalEndPoint);
        var listener = new StreamListener(server, socket, transport);
        listener._acceptLoop = listener.AcceptLoopAsync();
        return listener;
    }

    public void StopAccepting()
    {
        if (System.Threading.Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        ServerLog.ListenerClosed(_server.Logger, LocalEndPoint);
        _socket.Dispose();
        if (LocalEndPoint is UnixDomainSocketEndPoint unix)
        {
            try
            {
                File.Delete(unix.ToString());
            }
            catch (IOException)
            {
                // Someone else removed or replaced it: not ours to clean any more.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        StopAccepting();
        await _acceptLoop.ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (System.Threading.Volatile.Read(ref _stopped) == 0)
                {
                    ServerLog.AcceptFailed(_server.Logger, LocalEndPoint, e);
                    if (e is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable })
                    {
                        // Out of descriptors: wait a little rather than spin, then go on accepting.
                        await Task.Delay(100).ConfigureAwait(false);
                        continue;
                    }

                    if (e is SocketException { SocketErrorCode: SocketError.ConnectionAborted or SocketError.ConnectionReset })
                    {
                        continue;
                    }
                }

                return;
            }

            var connection = new StreamConnection(_server, accepted, _transport);
            if (!_server.TryAddConnection(connection))
            {
                ServerLog.TooManyConnections(_server.Logger, SafeRemote(accepted), _server.ConnectionCount);
                connection.Close("too many connections");
                continue;
            }

            ServerLog.Accepted(_server.Logger, SafeRemote(accepted), LocalEndPoint, _server.ConnectionCount);
            connection.Start();
        }
    }

    private static EndPoint? SafeRemote(Socket socket)
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
}
