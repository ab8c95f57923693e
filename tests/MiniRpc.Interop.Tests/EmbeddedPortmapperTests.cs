using System.IO;
using System.Net;
using MiniRpc.Client;
using MiniRpc.Interop.Tests.TestSupport;
using MiniRpc.Portmap;
using MiniRpc.Portmap.Protocol;
using MiniRpc.Server;
using MsgServer;

namespace MiniRpc.Interop.Tests;

/// <summary>Our portmapper in-process, on loopback ports of its own and a Unix socket in a temporary folder.</summary>
public sealed class EmbeddedPortmapperTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"minirpc-pm-{Guid.NewGuid():N}.sock");
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"minirpc-pm-{Guid.NewGuid():N}.dat");
    private readonly Portmapper _portmapper = new();
    private RpcServer _server = null!;
    private IPEndPoint _tcp = null!;

    public Task InitializeAsync()
    {
        _server = new RpcServer();
        _tcp = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _server.ListenUdp(new IPEndPoint(IPAddress.Loopback, _tcp.Port));
        _server.ListenUnix(_socket);
        _portmapper.AddTo(_server);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_data);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Dump_ListsThePortmapperItselfInEveryVersion(string transport)
    {
        await using RpcbindClient rpcbind = await RpcbindClient.ConnectAsync(IPAddress.Loopback, transport, _tcp.Port);

        IReadOnlyList<RpcbindMapping> all = await rpcbind.DumpAsync().WaitAsync(s_wait);

        Assert.Equal(6, all.Count(m => m.Program == RpcbindClient.Program && m.Port == _tcp.Port));
        Assert.All(all, m => Assert.Equal("superuser", m.Owner));
    }

    [Fact]
    public async Task OurMsgServer_RegistersOverTheUnixSocket_AndIsFoundByProgramNumber()
    {
        using MessageLog log = MessageLog.Open(_data);
        await using var msgServer = new RpcServer();
        msgServer.AddService(MSGPROG.MSGVER.BindService(new MsgService(log)));
        IPEndPoint msgTcp = msgServer.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using (RpcbindClient local = await RpcbindClient.ConnectLocalAsync(_socket))
        {
            await msgServer.RegisterWithPortmapperAsync(local).WaitAsync(s_wait);
        }

        await using IRpcClient rpc = await RpcClient.CreateAsync("127.0.0.1", MSGPROG.Program, MSGPROG.MSGVER.Version, "tcp", portmapperPort: _tcp.Port).AsTask().WaitAsync(s_wait);
        var client = new MSGPROG.MSGVER.Client(rpc);

        Assert.Equal(msgTcp, rpc.RemoteEndPoint);
        Assert.Equal(0, await client.SAVEMSGAsync("found").AsTask().WaitAsync(s_wait));
        Assert.Contains(_portmapper.Registrations, m => m is { Program: MSGPROG.Program, Version: 2, NetId: "tcp" });
    }

    [Fact]
    public async Task GracefulStop_UnregistersFromThePortmapperItRegisteredWith()
    {
        // Not from the machine's rpcbind: an UNSET there would remove another server's registration of MSGPROG
        // (RpcbindTests', running at the same time, lost theirs that way).
        using MessageLog log = MessageLog.Open(_data);
        var msgServer = new RpcServer();
        msgServer.AddService(MSGPROG.MSGVER.BindService(new MsgService(log)));
        msgServer.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using (RpcbindClient local = await RpcbindClient.ConnectLocalAsync(_socket))
        {
            await msgServer.RegisterWithPortmapperAsync(local).WaitAsync(s_wait);
        }

        Assert.Contains(_portmapper.Registrations, m => m is { Program: MSGPROG.Program, Version: 2, NetId: "tcp" });

        await msgServer.DisposeAsync().AsTask().WaitAsync(s_wait);

        Assert.DoesNotContain(_portmapper.Registrations, m => m.Program == MSGPROG.Program);
    }

    [Fact]
    public async Task PortmapV2_SetGetportUnset_AndDuplicatesAreRefused()
    {
        await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(_tcp).AsTask().WaitAsync(s_wait);
        var v2 = new PMAP_PROG.PMAP_VERS.Client(rpc);
        var mapping = new mapping { prog = 0x2000_0042, vers = 1, prot = 6, port = 4242 };

        Assert.True(await v2.PMAPPROC_SETAsync(mapping).AsTask().WaitAsync(s_wait));
        Assert.False(await v2.PMAPPROC_SETAsync(mapping).AsTask().WaitAsync(s_wait));
        Assert.Equal(4242u, await v2.PMAPPROC_GETPORTAsync(mapping).AsTask().WaitAsync(s_wait));
        Assert.Equal(0u, await v2.PMAPPROC_GETPORTAsync(new mapping { prog = 0x2000_0042, vers = 2, prot = 6 }).AsTask().WaitAsync(s_wait));
        Assert.True(await v2.PMAPPROC_UNSETAsync(mapping).AsTask().WaitAsync(s_wait));
        Assert.Equal(0u, await v2.PMAPPROC_GETPORTAsync(mapping).AsTask().WaitAsync(s_wait));
    }

    [Fact]
    public async Task Owners_OnlyRootOnTheUnixSocketMayRemoveWhatOthersRegistered()
    {
        await using RpcbindClient overTcp = await RpcbindClient.ConnectAsync(IPAddress.Loopback, "tcp", _tcp.Port);
        await using RpcbindClient overUnix = await RpcbindClient.ConnectLocalAsync(_socket);
        var endPoint = new IPEndPoint(IPAddress.Loopback, 5000);

        Assert.True(await overUnix.SetAsync(0x2000_0043, 1, "tcp", endPoint, "ignored: the kernel says who").WaitAsync(s_wait));

        Assert.False(await overTcp.UnsetAsync(0x2000_0043, 1, "tcp", "superuser").WaitAsync(s_wait));
        Assert.Equal("127.0.0.1.19.136", await overTcp.GetAddressAsync(0x2000_0043, 1, "tcp").WaitAsync(s_wait));
        RpcbindMapping registered = _portmapper.Registrations.Single(m => m.Program == 0x2000_0043);
        Assert.Equal(Environment.UserName == "root" ? "superuser" : registered.Owner, registered.Owner);
        Assert.True(await overUnix.UnsetAsync(0x2000_0043, 1, "tcp", string.Empty).WaitAsync(s_wait));
        Assert.Null(await overTcp.GetAddressAsync(0x2000_0043, 1, "tcp").WaitAsync(s_wait));
    }

    [Fact]
    public async Task GetVersAddr_IsExactWhileGetAddrAnswersForAnyVersion()
    {
        await using RpcbindClient rpcbind = await RpcbindClient.ConnectLocalAsync(_socket);
        await rpcbind.SetAsync(0x2000_0044, 2, "udp", new IPEndPoint(IPAddress.Loopback, 6000), string.Empty).WaitAsync(s_wait);
        await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(_tcp).AsTask().WaitAsync(s_wait);
        var v4 = new RPCBPROG.RPCBVERS4.Client(rpc);
        var query = new rpcb { r_prog = 0x2000_0044, r_vers = 3, r_netid = "udp" };

        Assert.Equal("127.0.0.1.23.112", await v4.RPCBPROC_GETADDRAsync(query).AsTask().WaitAsync(s_wait));
        Assert.Equal(string.Empty, await v4.RPCBPROC_GETVERSADDRAsync(query).AsTask().WaitAsync(s_wait));
        Assert.True(await v4.RPCBPROC_GETTIMEAsync().AsTask().WaitAsync(s_wait) > 1_700_000_000u);
        rpcb_entry_list? entries = (await v4.RPCBPROC_GETADDRLISTAsync(new rpcb { r_prog = 0x2000_0044, r_vers = 2 }).AsTask().WaitAsync(s_wait)).Value;
        Assert.Equal("inet", entries?.rpcb_entry_map.r_nc_protofmly);
    }
}
