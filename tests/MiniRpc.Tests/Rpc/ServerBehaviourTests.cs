using System.Net;
using Microsoft.Extensions.Logging;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Rpc;

public class ServerBehaviourTests
{
    [Fact]
    public async Task DualModeListener_AcceptsIPv4AndIPv6Clients()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint any = server.ListenTcp(new IPEndPoint(IPAddress.IPv6Any, 0));

        await using IRpcClient v4 = await RpcClient.ConnectTcpAsync(new IPEndPoint(IPAddress.Loopback, any.Port)).AsTask().Bounded();
        await using IRpcClient v6 = await RpcClient.ConnectTcpAsync(new IPEndPoint(IPAddress.IPv6Loopback, any.Port)).AsTask().Bounded();

        Assert.Equal("v4", await v4.EchoAsync("v4").Bounded());
        Assert.Equal("v6", await v6.EchoAsync("v6").Bounded());
    }

    [Fact]
    public async Task SlowHandler_DoesNotDelayOtherConnectionsOrOtherCallsOnItsOwn()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient slowClient = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        await using IRpcClient other = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();

        Task<int> slow = slowClient.SleepAsync(1, 60_000).AsTask();
        await TestTimeouts.Eventually(() => server.CallsInFlight == 1, "the slow call to start");

        Assert.Equal("other connection", await other.EchoAsync("other connection").Bounded());
        Assert.Equal("same connection", await slowClient.EchoAsync("same connection").Bounded());
        Assert.False(slow.IsCompleted);
    }

    [Fact]
    public async Task CallersAddress_ReachesTheHandler()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient overTcp = await RpcClient.ConnectTcpAsync(tcp).AsTask().Bounded();
        await using IRpcClient overUdp = RpcClient.CreateUdp(udp);

        string tcpPeer = await overTcp.PeerAsync().Bounded();
        string udpPeer = await overUdp.PeerAsync().Bounded();

        Assert.StartsWith("Tcp 127.0.0.1:", tcpPeer, StringComparison.Ordinal);
        Assert.StartsWith("Udp 127.0.0.1:", udpPeer, StringComparison.Ordinal);
        Assert.NotEqual($"Tcp 127.0.0.1:{tcp.Port}", tcpPeer);
    }

    [Fact]
    public async Task Handlers_RunOnTheThreadThatReadTheCall_ALoopForTcp_TheSocketsOwnForUdp()
    {
        await using var server = new RpcServer();
        server.AddService(new RpcServiceDefinition(0x2000_0102, 1, "THREADS")
            .AddProcedure(1, "THREAD", XdrVoid.Decoder, TestService.EncodeString, static (_, _) => ValueTask.FromResult(Thread.CurrentThread.Name ?? "(none)")));
        IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient overTcp = await RpcClient.ConnectTcpAsync(tcp).AsTask().Bounded();
        await using IRpcClient overUdp = RpcClient.CreateUdp(udp);

        string tcpThread = await overTcp.CallAsync(0x2000_0102, 1, 1, XdrVoid.Value, XdrVoid.Encoder, TestService.DecodeString).Bounded();
        string udpThread = await overUdp.CallAsync(0x2000_0102, 1, 1, XdrVoid.Value, XdrVoid.Encoder, TestService.DecodeString).Bounded();

        Assert.StartsWith("MiniRpc server loop", tcpThread, StringComparison.Ordinal);
        Assert.Equal($"MiniRpc UDP {udp}", udpThread);
    }

    [Fact]
    public async Task ServiceAddedTwice_IsRefused()
    {
        await using RpcServer server = TestService.CreateServer();

        Assert.Throws<ArgumentException>(() => server.AddService(TestService.Version(1)));
        Assert.Throws<ArgumentException>(() => new RpcServiceDefinition(1, 1).AddProcedure(1, "A", XdrVoid.Decoder, XdrVoid.Encoder, (_, _) => default)
            .AddProcedure(1, "B", XdrVoid.Decoder, XdrVoid.Encoder, (_, _) => default));
    }

    [Fact]
    public async Task SocketSteps_AreLoggedAtDebugAndEachCallAtTrace()
    {
        var logs = new CapturingLoggerFactory();
        await using (RpcServer server = TestService.CreateServer(loggerFactory: logs))
        {
            IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
            await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint, loggerFactory: logs).AsTask().Bounded();
            Assert.Equal("logged", await client.EchoAsync("logged").Bounded());
        }

        string debug = string.Join("\n", logs.At(LogLevel.Debug));
        string trace = string.Join("\n", logs.At(LogLevel.Trace));
        foreach (string step in new[] { "socket(InterNetwork, Stream), bind 127.0.0.1:", ", listen", "accept 127.0.0.1:", "and connect to 127.0.0.1:", "connected 127.0.0.1:", "shutdown and close", "close the listener" })
        {
            Assert.Contains(step, debug, StringComparison.Ordinal);
        }

        Assert.Contains("send call xid", trace, StringComparison.Ordinal);
        Assert.Contains("procedure 1 from 127.0.0.1:", trace, StringComparison.Ordinal);
        Assert.Contains("MSG_ACCEPTED Success", trace, StringComparison.Ordinal);
        Assert.Contains("receive reply xid", trace, StringComparison.Ordinal);
    }
}
