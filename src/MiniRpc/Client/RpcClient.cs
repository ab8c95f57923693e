using System;
using System.Linq;
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

    /// <summary>
    /// Finds a program version through the portmapper (rpcbind) of <paramref name="host"/> and connects to it: the
    /// .NET form of rpcgen's <c>clnt_create(host, prog, vers, "tcp")</c>. Asks rpcbind v4 GETADDR, then v3, then
    /// portmap v2 GETPORT, over the transport asked for.
    /// </summary>
    /// <param name="host">A host name or address.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport"><c>tcp</c> or <c>udp</c>.</param>
    /// <param name="options">Settings of the client returned; defaults when null.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when null.</param>
    /// <param name="portmapperPort">The portmapper's port: 111, as everywhere, unless a test says otherwise.</param>
    /// <param name="cancellationToken">Abandons the look-up and connecting.</param>
    /// <returns>A connected client; wrap it in the generated <c>Client</c> of the program version.</returns>
    /// <exception cref="Portmap.RpcProgramNotRegisteredException">The program version is not registered over that transport.</exception>
    /// <exception cref="RpcConnectionException">No portmapper answers, or the server it names cannot be reached.</exception>
    public static async ValueTask<IRpcClient> CreateAsync(
        string host,
        uint program,
        uint version,
        string transport = "tcp",
        RpcClientOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        int portmapperPort = Portmap.RpcbindClient.Port,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (transport is not ("tcp" or "udp"))
        {
            throw new ArgumentException("The transport is \"tcp\" or \"udp\".", nameof(transport));
        }

        IPAddress address;
        if (!IPAddress.TryParse(host, out IPAddress? parsed))
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            address = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        }
        else
        {
            address = parsed;
        }

        string netId = address.AddressFamily == AddressFamily.InterNetworkV6 ? transport + "6" : transport;
        IPEndPoint server;
        await using (Portmap.RpcbindClient rpcbind = await Portmap.RpcbindClient.ConnectAsync(address, transport, portmapperPort, options, loggerFactory, cancellationToken).ConfigureAwait(false))
        {
            string? universal = await rpcbind.GetAddressAsync(program, version, netId, cancellationToken).ConfigureAwait(false);
            if (universal is null || !Portmap.UniversalAddress.TryParse(universal, out IPEndPoint? found))
            {
                uint[] versions = (await rpcbind.DumpAsync(cancellationToken).ConfigureAwait(false))
                    .Where(m => m.Program == program && m.NetId == netId)
                    .Select(m => m.Version)
                    .Distinct()
                    .Order()
                    .ToArray();
                throw new Portmap.RpcProgramNotRegisteredException(host, program, version, transport, versions);
            }

            // A server registered on the wildcard address is reached at the address we asked.
            server = found!.Address.Equals(IPAddress.Any) || found.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(address, found.Port) : found;
        }

        return transport == "udp"
            ? CreateUdp(server, options, loggerFactory)
            : await ConnectTcpAsync(server, options, loggerFactory, cancellationToken).ConfigureAwait(false);
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
