using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Client;
using MiniRpc.Portmap.Protocol;

namespace MiniRpc.Portmap;

/// <summary>
/// Talks to a portmapper: rpcbind version 4, falling back to version 3 and then to portmap version 2 when the
/// server does not have the newer one, as libtirpc does. The protocols are <c>rpcb_prot.x</c> and
/// <c>pmap_prot.x</c>, compiled by MiniRpc's own generator.
/// </summary>
public sealed class RpcbindClient : IAsyncDisposable
{
    /// <summary>The portmapper's port, TCP and UDP.</summary>
    public const int Port = 111;

    /// <summary>The program number of portmap and rpcbind.</summary>
    public const uint Program = 100000;

    /// <summary>Where libtirpc's clients and servers reach the local rpcbind, which trusts the caller's uid there.</summary>
    public const string LocalSocketPath = "/run/rpcbind.sock";

    private readonly IRpcClient _rpc;
    private readonly string _where;

    private RpcbindClient(IRpcClient rpc, string where, Func<CancellationToken, Task<RpcbindClient>> reconnect)
    {
        _rpc = rpc;
        _where = where;
        Reconnect = reconnect;
    }

    /// <summary>Connects again to the same portmapper, the same way: how a server unregisters where it registered.</summary>
    internal Func<CancellationToken, Task<RpcbindClient>> Reconnect { get; }

    /// <summary>Connects to the portmapper of <paramref name="host"/> over TCP or UDP.</summary>
    /// <param name="host">The host's address.</param>
    /// <param name="transport"><c>tcp</c> or <c>udp</c>.</param>
    /// <param name="port">The portmapper's port; 111 unless a test says otherwise.</param>
    /// <param name="options">Client settings; defaults when null.</param>
    /// <param name="loggerFactory">Where to log.</param>
    /// <param name="cancellationToken">Abandons connecting.</param>
    /// <returns>The client.</returns>
    /// <exception cref="RpcConnectionException">No portmapper answers there.</exception>
    public static async Task<RpcbindClient> ConnectAsync(IPAddress host, string transport = "tcp", int port = Port, RpcClientOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var endPoint = new IPEndPoint(host, port);
        try
        {
            IRpcClient rpc = transport == "udp"
                ? RpcClient.CreateUdp(endPoint, options, loggerFactory)
                : await RpcClient.ConnectTcpAsync(endPoint, options, loggerFactory, cancellationToken).ConfigureAwait(false);
            return new RpcbindClient(rpc, $"{endPoint} over {transport}", token => ConnectAsync(host, transport, port, options, loggerFactory, token));
        }
        catch (RpcConnectionException e)
        {
            throw NotRunning($"{endPoint}", e);
        }
    }

    /// <summary>Connects to the local rpcbind over its Unix socket, as libtirpc does to register services.</summary>
    /// <param name="path">The socket's path.</param>
    /// <param name="options">Client settings; defaults when null.</param>
    /// <param name="loggerFactory">Where to log.</param>
    /// <param name="cancellationToken">Abandons connecting.</param>
    /// <returns>The client.</returns>
    /// <exception cref="RpcConnectionException">No rpcbind listens there.</exception>
    public static async Task<RpcbindClient> ConnectLocalAsync(string path = LocalSocketPath, RpcClientOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return new RpcbindClient(await RpcClient.ConnectUnixAsync(path, options, loggerFactory, cancellationToken).ConfigureAwait(false), path, token => ConnectLocalAsync(path, options, loggerFactory, token));
        }
        catch (RpcConnectionException e)
        {
            throw NotRunning(path, e);
        }
    }

    /// <summary>
    /// The local rpcbind for registering a server: its Unix socket when there is one, else TCP on 127.0.0.1:111.
    /// </summary>
    /// <param name="cancellationToken">Abandons connecting.</param>
    /// <returns>The client.</returns>
    public static Task<RpcbindClient> ConnectLocalOrLoopbackAsync(CancellationToken cancellationToken = default) =>
        File.Exists(LocalSocketPath) ? ConnectLocalAsync(cancellationToken: cancellationToken) : ConnectAsync(IPAddress.Loopback, cancellationToken: cancellationToken);

    /// <summary>
    /// Where a program version listens: rpcbind v4 GETVERSADDR (that exact version; GETADDR would answer with the
    /// address of any version of the program), else v3 GETADDR, else portmap v2 GETPORT.
    /// </summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version.</param>
    /// <param name="netId"><c>tcp</c>, <c>udp</c>, <c>tcp6</c> or <c>udp6</c>.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>The universal address, or null when the program version is not registered over that transport.</returns>
    public async Task<string?> GetAddressAsync(uint program, uint version, string netId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(netId);
        var query = new rpcb { r_prog = program, r_vers = version, r_netid = netId };
        string? address = await WithFallbackAsync<string?>(
            v4: async () => await new RPCBPROG.RPCBVERS4.Client(_rpc).RPCBPROC_GETVERSADDRAsync(query, cancellationToken).ConfigureAwait(false),
            v3: async () => await new RPCBPROG.RPCBVERS.Client(_rpc).RPCBPROC_GETADDRAsync(query, cancellationToken).ConfigureAwait(false),
            v2: async () =>
            {
                uint? protocol = ProtocolOf(netId);
                if (protocol is null)
                {
                    return null;
                }

                uint port = await new PMAP_PROG.PMAP_VERS.Client(_rpc).PMAPPROC_GETPORTAsync(new mapping { prog = program, vers = version, prot = protocol.Value }, cancellationToken).ConfigureAwait(false);
                return port == 0 ? string.Empty : $"0.0.0.0.{port >> 8}.{port & 0xFF}";
            }).ConfigureAwait(false);
        return string.IsNullOrEmpty(address) ? null : address;
    }

    /// <summary>Registers a program version at an address (rpcbind SET; portmap v2 SET for an old portmapper).</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version.</param>
    /// <param name="netId"><c>tcp</c>, <c>udp</c>, <c>tcp6</c> or <c>udp6</c>.</param>
    /// <param name="address">The server's address and port.</param>
    /// <param name="owner">Who registers; rpcbind checks it against the caller's uid on its local socket.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>True when registered; false when the portmapper refused (already registered by someone else).</returns>
    public Task<bool> SetAsync(uint program, uint version, string netId, IPEndPoint address, string owner, CancellationToken cancellationToken = default)
    {
        var registration = new rpcb { r_prog = program, r_vers = version, r_netid = netId, r_addr = UniversalAddress.Format(address), r_owner = owner };
        return WithFallbackAsync(
            v4: () => new RPCBPROG.RPCBVERS4.Client(_rpc).RPCBPROC_SETAsync(registration, cancellationToken).AsTask(),
            v3: () => new RPCBPROG.RPCBVERS.Client(_rpc).RPCBPROC_SETAsync(registration, cancellationToken).AsTask(),
            v2: () => ProtocolOf(netId) is uint protocol
                ? new PMAP_PROG.PMAP_VERS.Client(_rpc).PMAPPROC_SETAsync(new mapping { prog = program, vers = version, prot = protocol, port = (uint)address.Port }, cancellationToken).AsTask()
                : Task.FromResult(false));
    }

    /// <summary>Removes the registrations of a program version (over one transport, or all when <paramref name="netId"/> is empty).</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version.</param>
    /// <param name="netId">The transport, or empty for all.</param>
    /// <param name="owner">Who unregisters; only the owner (or root) may.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>True when something was removed.</returns>
    public Task<bool> UnsetAsync(uint program, uint version, string netId, string owner, CancellationToken cancellationToken = default)
    {
        var registration = new rpcb { r_prog = program, r_vers = version, r_netid = netId, r_owner = owner };
        return WithFallbackAsync(
            v4: () => new RPCBPROG.RPCBVERS4.Client(_rpc).RPCBPROC_UNSETAsync(registration, cancellationToken).AsTask(),
            v3: () => new RPCBPROG.RPCBVERS.Client(_rpc).RPCBPROC_UNSETAsync(registration, cancellationToken).AsTask(),
            v2: () => new PMAP_PROG.PMAP_VERS.Client(_rpc).PMAPPROC_UNSETAsync(new mapping { prog = program, vers = version }, cancellationToken).AsTask());
    }

    /// <summary>Every registration (rpcbind DUMP; portmap v2 DUMP for an old portmapper).</summary>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>The registrations.</returns>
    public Task<IReadOnlyList<RpcbindMapping>> DumpAsync(CancellationToken cancellationToken = default) =>
        WithFallbackAsync(
            v4: async () => Mappings((await new RPCBPROG.RPCBVERS4.Client(_rpc).RPCBPROC_DUMPAsync(cancellationToken).ConfigureAwait(false)).Value),
            v3: async () => Mappings((await new RPCBPROG.RPCBVERS.Client(_rpc).RPCBPROC_DUMPAsync(cancellationToken).ConfigureAwait(false)).Value),
            v2: async () =>
            {
                var list = new List<RpcbindMapping>();
                for (pmaplist_node? node = (await new PMAP_PROG.PMAP_VERS.Client(_rpc).PMAPPROC_DUMPAsync(cancellationToken).ConfigureAwait(false)).Value; node is not null; node = node.next)
                {
                    string netId = node.map.prot == PmapProtConstants.IPPROTO_TCP ? "tcp" : node.map.prot == PmapProtConstants.IPPROTO_UDP ? "udp" : node.map.prot.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    list.Add(new RpcbindMapping(node.map.prog, node.map.vers, netId, string.Empty, string.Empty, (int)node.map.port));
                }

                return (IReadOnlyList<RpcbindMapping>)list;
            });

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _rpc.DisposeAsync();

    private static IReadOnlyList<RpcbindMapping> Mappings(rp__list? list)
    {
        var mappings = new List<RpcbindMapping>();
        for (rp__list? node = list; node is not null; node = node.rpcb_next)
        {
            rpcb map = node.rpcb_map;
            mappings.Add(new RpcbindMapping(map.r_prog, map.r_vers, map.r_netid, map.r_addr, map.r_owner, UniversalAddress.TryParse(map.r_addr, out IPEndPoint? endPoint) ? endPoint!.Port : null));
        }

        return mappings;
    }

    private static uint? ProtocolOf(string netId) => netId switch
    {
        "tcp" => (uint)PmapProtConstants.IPPROTO_TCP,
        "udp" => (uint)PmapProtConstants.IPPROTO_UDP,
        _ => null,
    };

    private static RpcConnectionException NotRunning(string where, Exception e) =>
        new($"No portmapper (rpcbind) answers on {where}: is rpcbind running? ({e.Message})", e);

    /// <summary>Version 4, else 3, else 2, moving on only when the server lacks the version or procedure.</summary>
    private async Task<T> WithFallbackAsync<T>(Func<Task<T>> v4, Func<Task<T>> v3, Func<Task<T>> v2)
    {
        foreach (Func<Task<T>> attempt in new[] { v4, v3 })
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (RpcReplyException e) when (e is RpcProgramMismatchException or RpcProcedureUnavailableException or RpcProgramUnavailableException)
            {
                // An older portmapper: try the previous protocol version.
            }
            catch (RpcConnectionException e)
            {
                throw NotRunning(_where, e);
            }
        }

        try
        {
            return await v2().ConfigureAwait(false);
        }
        catch (RpcConnectionException e)
        {
            throw NotRunning(_where, e);
        }
    }
}
