using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MiniRpc.Client;

/// <summary>Creates RPC clients over TCP, UDP and Unix domain sockets.</summary>
public static class RpcClient
{
    /// <summary>Connects to a server over TCP (like <c>clnt_create(host, prog, vers, "tcp")</c> once the port is known).</summary>
    /// <param name="remoteEndPoint">The server's address and port.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when null.</param>
    /// <param name="cancellationToken">Abandons connecting.</param>
    /// <returns>A connected client, safe to share between threads. It reconnects after a broken connection unless told not to.</returns>
    /// <exception cref="RpcConnectionException">The server cannot be reached.</exception>
    public static async ValueTask<IRpcClient> ConnectTcpAsync(IPEndPoint remoteEndPoint, RpcClientOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        return await ConnectStreamAsync(remoteEndPoint, options, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to a server listening on a Unix domain stream socket.</summary>
    /// <param name="path">The socket's path.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when null.</param>
    /// <param name="cancellationToken">Abandons connecting.</param>
    /// <returns>A connected client, safe to share between threads.</returns>
    /// <exception cref="RpcConnectionException">Nothing listens at <paramref name="path"/>.</exception>
    public static async ValueTask<IRpcClient> ConnectUnixAsync(string path, RpcClientOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return await ConnectStreamAsync(new UnixDomainSocketEndPoint(path), options, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a client that calls a server over UDP, with retransmission (see <see cref="RpcClientOptions.UdpRetransmitInterval"/>).</summary>
    /// <param name="remoteEndPoint">The server's address and port.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when null.</param>
    /// <returns>A client, safe to share between threads.</returns>
    public static IRpcClient CreateUdp(IPEndPoint remoteEndPoint, RpcClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        return new DatagramRpcClient(remoteEndPoint, Prepare(options), Logger(loggerFactory));
    }

    private static async ValueTask<IRpcClient> ConnectStreamAsync(EndPoint remoteEndPoint, RpcClientOptions? options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var client = new StreamRpcClient(remoteEndPoint, Prepare(options), Logger(loggerFactory));
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    private static RpcClientOptions Prepare(RpcClientOptions? options) => (options ?? new RpcClientOptions()).Clone().Validate();

    private static ILogger Logger(ILoggerFactory? loggerFactory) =>
        (ILogger?)loggerFactory?.CreateLogger("MiniRpc.Client") ?? NullLogger.Instance;
}
