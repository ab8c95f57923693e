using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Portmap.Protocol;
using MiniRpc.Server;

namespace MiniRpc.Portmap;

/// <summary>
/// An embedded portmapper: answers portmap v2 and rpcbind v3/v4 from an in-memory table, so that programs find each
/// other by program number on a machine without rpcbind. Serve it with <see cref="AddTo"/> on an
/// <see cref="RpcServer"/> listening on port 111 (TCP and UDP) and, for libtirpc's servers, on
/// <c>/run/rpcbind.sock</c>.
/// </summary>
/// <remarks>
/// Owner checks are rpcbind's: a registration belongs to whoever made it; root (uid 0 on the Unix socket, where the
/// kernel vouches for the caller) may remove any, anyone else only their own. Over TCP and UDP the owner is the
/// caller's IP address, and only callers on this machine (loopback) may register at all. CALLIT, BCAST and
/// INDIRECT (the indirect calls) are not offered: they answer SYSTEM_ERR.
/// </remarks>
public sealed class Portmapper : PMAP_PROG.PMAP_VERS.IService, RPCBPROG.RPCBVERS.IService, RPCBPROG.RPCBVERS4.IService
{
    private const string Superuser = "superuser";

    private readonly Lock _lock = new();
    private readonly List<rpcb> _table = [];

    /// <summary>The registrations, as DUMP lists them.</summary>
    public IReadOnlyList<RpcbindMapping> Registrations
    {
        get
        {
            lock (_lock)
            {
                return _table.Select(r => new RpcbindMapping(r.r_prog, r.r_vers, r.r_netid, r.r_addr, r.r_owner, UniversalAddress.TryParse(r.r_addr, out IPEndPoint? e) ? e!.Port : null)).ToArray();
            }
        }
    }

    /// <summary>
    /// Serves this portmapper on <paramref name="server"/> (portmap v2, rpcbind v3 and v4), and registers the
    /// portmapper itself for each of <paramref name="server"/>'s TCP and UDP listeners, as rpcbind does.
    /// </summary>
    /// <param name="server">A server, already listening.</param>
    public void AddTo(RpcServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.AddService(PMAP_PROG.PMAP_VERS.BindService(this));
        server.AddService(RPCBPROG.RPCBVERS.BindService(this));
        server.AddService(RPCBPROG.RPCBVERS4.BindService(this));
        foreach ((EndPoint endPoint, RpcTransport transport) in server.Listeners)
        {
            if (endPoint is IPEndPoint ip)
            {
                string netId = (transport == RpcTransport.Udp ? "udp" : "tcp") + (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "6" : string.Empty);
                foreach (uint version in new uint[] { 4, 3, 2 })
                {
                    Add(new rpcb { r_prog = RpcbindClient.Program, r_vers = version, r_netid = netId, r_addr = UniversalAddress.Format(ip), r_owner = Superuser });
                }
            }
        }
    }

    // portmap v2 (RFC 1833 section 3)

    ValueTask PMAP_PROG.PMAP_VERS.IService.PMAPPROC_NULL(RpcCallContext context) => ValueTask.CompletedTask;

    ValueTask<bool> PMAP_PROG.PMAP_VERS.IService.PMAPPROC_SET(mapping arg1, RpcCallContext context) =>
        ValueTask.FromResult(NetIdOf(arg1.prot) is string netId && CanRegister(context)
            && Add(new rpcb { r_prog = arg1.prog, r_vers = arg1.vers, r_netid = netId, r_addr = $"0.0.0.0.{arg1.port >> 8}.{arg1.port & 0xFF}", r_owner = OwnerOf(context, null) }));

    ValueTask<bool> PMAP_PROG.PMAP_VERS.IService.PMAPPROC_UNSET(mapping arg1, RpcCallContext context) =>
        ValueTask.FromResult(Remove(arg1.prog, arg1.vers, netId: null, OwnerOf(context, null)));

    ValueTask<uint> PMAP_PROG.PMAP_VERS.IService.PMAPPROC_GETPORT(mapping arg1, RpcCallContext context)
    {
        string? netId = NetIdOf(arg1.prot);
        lock (_lock)
        {
            rpcb? found = _table.FirstOrDefault(r => r.r_prog == arg1.prog && r.r_vers == arg1.vers && r.r_netid == netId);
            return ValueTask.FromResult(found is not null && UniversalAddress.TryParse(found.r_addr, out IPEndPoint? e) ? (uint)e!.Port : 0u);
        }
    }

    ValueTask<pmaplist> PMAP_PROG.PMAP_VERS.IService.PMAPPROC_DUMP(RpcCallContext context)
    {
        pmaplist_node? head = null;
        lock (_lock)
        {
            for (int i = _table.Count - 1; i >= 0; i--)
            {
                rpcb r = _table[i];
                uint? protocol = r.r_netid switch { "tcp" => 6u, "udp" => 17u, _ => null };
                if (protocol is not null && UniversalAddress.TryParse(r.r_addr, out IPEndPoint? e))
                {
                    head = new pmaplist_node { map = new mapping { prog = r.r_prog, vers = r.r_vers, prot = protocol.Value, port = (uint)e!.Port }, next = head };
                }
            }
        }

        return ValueTask.FromResult<pmaplist>(head);
    }

    ValueTask<call_result> PMAP_PROG.PMAP_VERS.IService.PMAPPROC_CALLIT(call_args arg1, RpcCallContext context) =>
        throw new NotSupportedException("CALLIT is not offered.");

    // rpcbind v3 (RFC 1833 section 2)

    ValueTask<bool> RPCBPROG.RPCBVERS.IService.RPCBPROC_SET(rpcb arg1, RpcCallContext context) => Set(arg1, context);

    ValueTask<bool> RPCBPROG.RPCBVERS.IService.RPCBPROC_UNSET(rpcb arg1, RpcCallContext context) => Unset(arg1, context);

    ValueTask<string> RPCBPROG.RPCBVERS.IService.RPCBPROC_GETADDR(rpcb arg1, RpcCallContext context) => GetAddress(arg1, anyVersion: true);

    ValueTask<rpcblist_ptr> RPCBPROG.RPCBVERS.IService.RPCBPROC_DUMP(RpcCallContext context) => Dump();

    ValueTask<rpcb_rmtcallres> RPCBPROG.RPCBVERS.IService.RPCBPROC_CALLIT(rpcb_rmtcallargs arg1, RpcCallContext context) =>
        throw new NotSupportedException("CALLIT is not offered.");

    ValueTask<uint> RPCBPROG.RPCBVERS.IService.RPCBPROC_GETTIME(RpcCallContext context) => Time();

    // rpcbind v4

    ValueTask<bool> RPCBPROG.RPCBVERS4.IService.RPCBPROC_SET(rpcb arg1, RpcCallContext context) => Set(arg1, context);

    ValueTask<bool> RPCBPROG.RPCBVERS4.IService.RPCBPROC_UNSET(rpcb arg1, RpcCallContext context) => Unset(arg1, context);

    ValueTask<string> RPCBPROG.RPCBVERS4.IService.RPCBPROC_GETADDR(rpcb arg1, RpcCallContext context) => GetAddress(arg1, anyVersion: true);

    ValueTask<rpcblist_ptr> RPCBPROG.RPCBVERS4.IService.RPCBPROC_DUMP(RpcCallContext context) => Dump();

    ValueTask<rpcb_rmtcallres> RPCBPROG.RPCBVERS4.IService.RPCBPROC_BCAST(rpcb_rmtcallargs arg1, RpcCallContext context) =>
        throw new NotSupportedException("BCAST is not offered.");

    ValueTask<uint> RPCBPROG.RPCBVERS4.IService.RPCBPROC_GETTIME(RpcCallContext context) => Time();

    ValueTask<string> RPCBPROG.RPCBVERS4.IService.RPCBPROC_GETVERSADDR(rpcb arg1, RpcCallContext context) => GetAddress(arg1, anyVersion: false);

    ValueTask<rpcb_rmtcallres> RPCBPROG.RPCBVERS4.IService.RPCBPROC_INDIRECT(rpcb_rmtcallargs arg1, RpcCallContext context) =>
        throw new NotSupportedException("INDIRECT is not offered.");

    ValueTask<rpcb_entry_list_ptr> RPCBPROG.RPCBVERS4.IService.RPCBPROC_GETADDRLIST(rpcb arg1, RpcCallContext context)
    {
        rpcb_entry_list? head = null;
        lock (_lock)
        {
            foreach (rpcb r in _table.Where(r => r.r_prog == arg1.r_prog && r.r_vers == arg1.r_vers).Reverse())
            {
                bool stream = r.r_netid.StartsWith("tcp", StringComparison.Ordinal);
                head = new rpcb_entry_list
                {
                    rpcb_entry_map = new rpcb_entry
                    {
                        r_maddr = r.r_addr,
                        r_nc_netid = r.r_netid,
                        r_nc_semantics = stream ? 2u : 1u, // NC_TPI_COTS_ORD, NC_TPI_CLTS
                        r_nc_protofmly = r.r_netid.EndsWith('6') ? "inet6" : "inet",
                        r_nc_proto = stream ? "tcp" : "udp",
                    },
                    rpcb_entry_next = head,
                };
            }
        }

        return ValueTask.FromResult<rpcb_entry_list_ptr>(head);
    }

    private static string? NetIdOf(uint protocol) => protocol switch { 6 => "tcp", 17 => "udp", _ => null };

    /// <summary>Only callers on this machine may register: over the Unix socket, or from a loopback address.</summary>
    private static bool CanRegister(RpcCallContext context) =>
        context.Transport == RpcTransport.Unix || (context.RemoteEndPoint is IPEndPoint ip && IPAddress.IsLoopback(ip.Address));

    /// <summary>
    /// Who the caller is: on the Unix socket the kernel's uid ("superuser" for root, as rpcbind writes it), elsewhere
    /// the caller's address; a caller's own claim is never taken on trust.
    /// </summary>
    private static string OwnerOf(RpcCallContext context, string? claimed)
    {
        if (context.PeerCredentials is { } credentials)
        {
            return credentials.UserId == 0 ? Superuser : credentials.UserId.ToString(CultureInfo.InvariantCulture);
        }

        return context.RemoteEndPoint is IPEndPoint ip ? ip.Address.ToString() : claimed ?? "unknown";
    }

    private ValueTask<bool> Set(rpcb registration, RpcCallContext context)
    {
        if (!CanRegister(context))
        {
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(Add(new rpcb
        {
            r_prog = registration.r_prog,
            r_vers = registration.r_vers,
            r_netid = registration.r_netid,
            r_addr = registration.r_addr,
            r_owner = OwnerOf(context, registration.r_owner),
        }));
    }

    private ValueTask<bool> Unset(rpcb registration, RpcCallContext context) =>
        ValueTask.FromResult(Remove(registration.r_prog, registration.r_vers, string.IsNullOrEmpty(registration.r_netid) ? null : registration.r_netid, OwnerOf(context, registration.r_owner)));

    private bool Add(rpcb registration)
    {
        lock (_lock)
        {
            if (_table.Any(r => r.r_prog == registration.r_prog && r.r_vers == registration.r_vers && r.r_netid == registration.r_netid))
            {
                return false;
            }

            _table.Add(registration);
            return true;
        }
    }

    private bool Remove(uint program, uint version, string? netId, string owner)
    {
        lock (_lock)
        {
            // rpcbind: root removes anything; anyone else only what they registered.
            return _table.RemoveAll(r => r.r_prog == program && r.r_vers == version && (netId is null || r.r_netid == netId)
                && (owner == Superuser || r.r_owner == owner)) > 0;
        }
    }

    private ValueTask<string> GetAddress(rpcb query, bool anyVersion)
    {
        lock (_lock)
        {
            rpcb? found = _table.FirstOrDefault(r => r.r_prog == query.r_prog && r.r_vers == query.r_vers && r.r_netid == query.r_netid)
                ?? (anyVersion ? _table.FirstOrDefault(r => r.r_prog == query.r_prog && r.r_netid == query.r_netid) : null);
            return ValueTask.FromResult(found?.r_addr ?? string.Empty);
        }
    }

    private ValueTask<rpcblist_ptr> Dump()
    {
        rp__list? head = null;
        lock (_lock)
        {
            for (int i = _table.Count - 1; i >= 0; i--)
            {
                rpcb r = _table[i];
                head = new rp__list { rpcb_map = new rpcb { r_prog = r.r_prog, r_vers = r.r_vers, r_netid = r.r_netid, r_addr = r.r_addr, r_owner = r.r_owner }, rpcb_next = head };
            }
        }

        return ValueTask.FromResult<rpcblist_ptr>(head);
    }

    private static ValueTask<uint> Time() => ValueTask.FromResult((uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
