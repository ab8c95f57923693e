using System.IO;
using System.Net;
using System.Net.Sockets;
using MiniRpc.Client;
using MiniRpc.Interop.Tests.TestSupport;
using MiniRpc.Portmap;
using MiniRpc.Server;
using MsgServer;

namespace MiniRpc.Interop.Tests;

/// <summary>
/// Registration and look-up through the real rpcbind (Debian's package), with rpcinfo and rpcgen's C programs on the
/// other side. The tests of this class run one after the other: they share the machine's portmapper.
/// </summary>
public sealed class RpcbindTests : IClassFixture<SystemRpcbind>, IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"minirpc-rpcb-{Guid.NewGuid():N}.dat");
    private MessageLog _log = null!;

    public async Task InitializeAsync()
    {
        // A registration of MSGPROG left by a server that died (or restored by a warm-started rpcbind) would be
        // found before the one a test makes.
        await UnsetMsgprogAsync();
        _log = MessageLog.Open(_data);
    }

    public async Task DisposeAsync()
    {
        // Leave no registration of MSGPROG behind for the next test.
        await UnsetMsgprogAsync();
        _log.Dispose();
        File.Delete(_data);
    }

    private static async Task UnsetMsgprogAsync()
    {
        await using RpcbindClient rpcbind = await RpcbindClient.ConnectLocalAsync();
        await rpcbind.UnsetAsync(MSGPROG.Program, MSGPROG.MSGVER.Version, string.Empty, "superuser");
    }

    [Fact]
    public async Task OurServer_RegistersRpcinfoSeesItAndItIsGoneAfterAGracefulStop()
    {
        RpcServer server = CreateServer(out IPEndPoint tcp, out IPEndPoint udp);

        IReadOnlyList<RpcbindMapping> made = await server.RegisterWithPortmapperAsync().WaitAsync(s_wait);

        Assert.Equal(["tcp", "udp"], made.Select(m => m.NetId).Order());
        string listing = SystemRpcbind.Rpcinfo("-p 127.0.0.1").Output;
        Assert.Matches($@"345678\s+2\s+tcp\s+{tcp.Port}\b", listing);
        Assert.Matches($@"345678\s+2\s+udp\s+{udp.Port}\b", listing);
        Assert.Contains("program 345678 version 2 ready and waiting", SystemRpcbind.Rpcinfo("-t 127.0.0.1 345678 2").Output, StringComparison.Ordinal);
        Assert.Contains("program 345678 version 2 ready and waiting", SystemRpcbind.Rpcinfo("-u 127.0.0.1 345678 2").Output, StringComparison.Ordinal);

        using var deadline = new CancellationTokenSource(s_wait);
        await server.StopAsync(deadline.Token);

        Assert.DoesNotContain("345678", SystemRpcbind.Rpcinfo("-p 127.0.0.1").Output, StringComparison.Ordinal);
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task CClient_ClntCreate_FindsOurServerThroughRpcbind(string transport)
    {
        await using RpcServer server = CreateServer(out _, out _);
        await server.RegisterWithPortmapperAsync().WaitAsync(s_wait);

        string output = await ChildProcess.RunAsync(await MsgPeers.ClientAsync(), $"127.0.0.1 0 {transport} save found read 0 null", await MsgPeers.DirectoryAsync());

        Assert.Equal(["save 0", "read " + Convert.ToHexStringLower("found"u8), "null ok"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task OurClient_FindsACServerRegisteredByRpcgensMain(string transport)
    {
        using ChildProcess cServer = ChildProcess.Start(await MsgPeers.RpcgenServerAsync(), string.Empty);
        await using (RpcbindClient rpcbind = await RpcbindClient.ConnectAsync(IPAddress.Loopback))
        {
            await TestTimeouts.Eventually(() => rpcbind.GetAddressAsync(MSGPROG.Program, 2, transport).Result is not null, "the C server's pmap_set");
        }

        await using IRpcClient rpc = await RpcClient.CreateAsync("127.0.0.1", MSGPROG.Program, MSGPROG.MSGVER.Version, transport).AsTask().WaitAsync(s_wait);
        var client = new MSGPROG.MSGVER.Client(rpc);

        Assert.Equal(0, await client.SAVEMSGAsync("to the C server").AsTask().WaitAsync(s_wait));
        Assert.Equal("to the C server", await client.READMSGAsync(0).AsTask().WaitAsync(s_wait));
    }

    [Fact]
    public async Task NotRegistered_SaysSoInWordsAUserUnderstands()
    {
        var e = await Assert.ThrowsAsync<RpcProgramNotRegisteredException>(() =>
            RpcClient.CreateAsync("127.0.0.1", 0x2000_1234, 1, "tcp").AsTask().WaitAsync(s_wait));

        Assert.Equal("program 536875572 version 1 is not registered on host 127.0.0.1 over tcp", e.Message);
        Assert.Empty(e.RegisteredVersions);
    }

    [Fact]
    public async Task VersionNotRegistered_NamesTheVersionsThatAre()
    {
        await using RpcServer server = CreateServer(out _, out _);
        await server.RegisterWithPortmapperAsync().WaitAsync(s_wait);

        var e = await Assert.ThrowsAsync<RpcProgramNotRegisteredException>(() =>
            RpcClient.CreateAsync("127.0.0.1", MSGPROG.Program, 3, "udp").AsTask().WaitAsync(s_wait));

        Assert.Equal([2u], e.RegisteredVersions);
        Assert.EndsWith("(versions registered: 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPortmapper_IsAClearConnectionError()
    {
        int unused;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            unused = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var e = await Assert.ThrowsAsync<RpcConnectionException>(() =>
            RpcClient.CreateAsync("127.0.0.1", MSGPROG.Program, 2, "tcp", portmapperPort: unused).AsTask().WaitAsync(s_wait));

        Assert.StartsWith($"No portmapper (rpcbind) answers on 127.0.0.1:{unused}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Dump_ListsThePortmapperItselfInEveryVersionWeSpeak(string transport)
    {
        await using RpcbindClient rpcbind = await RpcbindClient.ConnectAsync(IPAddress.Loopback, transport);

        IReadOnlyList<RpcbindMapping> all = await rpcbind.DumpAsync().WaitAsync(s_wait);

        Assert.Contains(all, m => m is { Program: RpcbindClient.Program, Version: 4, NetId: "tcp", Port: 111 });
        Assert.Contains(all, m => m is { Program: RpcbindClient.Program, Version: 2, NetId: "udp", Port: 111 });
    }

    private RpcServer CreateServer(out IPEndPoint tcp, out IPEndPoint udp)
    {
        var server = new RpcServer();
        server.AddService(MSGPROG.MSGVER.BindService(new MsgService(_log)));
        tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        return server;
    }
}
