using System.IO;
using System.Net;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Rpc;

public sealed class TransportTests : IAsyncLifetime
{
    private readonly RpcServer _server = TestService.CreateServer();
    private readonly string _unixPath = Path.Combine(Path.GetTempPath(), $"minirpc-{Guid.NewGuid():N}.sock");
    private IPEndPoint _tcp = null!;
    private IPEndPoint _udp = null!;

    public Task InitializeAsync()
    {
        _tcp = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _udp = _server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        _server.ListenUnix(_unixPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    [InlineData("unix")]
    public async Task Call_EachTransport_ReturnsTheResults(string transport)
    {
        await using IRpcClient client = await Connect(transport);

        Assert.Equal("hello, w\u00f6rld", await client.EchoAsync("hello, w\u00f6rld").Bounded());
        Assert.Equal(5_000_000_000L, await client.CallAsync(TestService.Program, 3, TestService.Add, (2_000_000_000L, 3_000_000_000L), TestService.EncodePair, TestService.DecodeHyper).Bounded());
        await client.NullAsync().Bounded();
    }

    [Fact]
    public async Task Call_OverIPv6Loopback_Works()
    {
        await using var server = TestService.CreateServer();
        IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.IPv6Loopback, 0));

        await using IRpcClient overTcp = await RpcClient.ConnectTcpAsync(tcp).AsTask().Bounded();
        await using IRpcClient overUdp = RpcClient.CreateUdp(udp);

        Assert.Equal("six", await overTcp.EchoAsync("six").Bounded());
        Assert.Equal("six", await overUdp.EchoAsync("six").Bounded());
    }

    [Fact]
    public async Task Tcp_1000CallsInFlightOnOneConnection_CompleteOutOfOrderEachMatchedToItsCaller()
    {
        await using var server = TestService.CreateServer(new RpcServerOptions { MaxCallsInFlightPerConnection = 1000 });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        var completionOrder = new System.Collections.Concurrent.ConcurrentQueue<int>();

        // Later calls sleep less, so replies come back in a different order than the calls went out.
        Task[] calls = Enumerable.Range(0, 1000).Select(async i =>
        {
            int answer = await client.SleepAsync(i, (1000 - i) % 97);
            Assert.Equal(i, answer);
            completionOrder.Enqueue(i);
        }).ToArray();
        await Task.WhenAll(calls).Bounded();

        Assert.Equal(1000, completionOrder.Count);
        Assert.NotEqual(Enumerable.Range(0, 1000), completionOrder.ToArray());
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Tcp_RecordsInManyFragmentsBothWays_Reassemble()
    {
        await using var server = TestService.CreateServer(new RpcServerOptions { MaxFragmentLength = 5 });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { MaxFragmentLength = 7 }).AsTask().Bounded();
        string text = string.Concat(Enumerable.Range(0, 2000).Select(i => (char)('a' + (i % 26))));

        Assert.Equal(text, await client.EchoAsync(text).Bounded());
        byte[] big = await client.CallAsync(TestService.Program, 1, TestService.Big, 100_000, TestService.EncodeInt, TestService.DecodeOpaque).Bounded();
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => (byte)i), big);
    }

    [Fact]
    public async Task Tcp_SharedBetweenThreads_AllCallsSucceed()
    {
        await using IRpcClient client = await Connect("tcp");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                string text = $"{t}:{i}";
                Assert.Equal(text, await client.EchoAsync(text));
            }
        }))).Bounded();
    }

    [Fact]
    public async Task Udp_CallOverMaxDatagramSize_IsRefusedBeforeSending()
    {
        await using IRpcClient client = RpcClient.CreateUdp(_udp, new RpcClientOptions { MaxDatagramSize = 1000 });

        ArgumentException e = Assert.Throws<ArgumentException>(() => { _ = client.EchoAsync(new string('x', 2000)); });

        Assert.Contains("over the UDP maximum of 1000", e.Message, StringComparison.Ordinal);
        Assert.Equal("ok", await client.EchoAsync("ok").Bounded());
    }

    [Fact]
    public async Task AuthSys_CredentialsReachTheHandler()
    {
        var options = new RpcClientOptions { Credential = new MiniRpc.Protocol.AuthSysParameters(0, "tester", 4242, 100, [100, 200]).ToOpaqueAuth() };
        await using IRpcClient withSys = await RpcClient.ConnectTcpAsync(_tcp, options).AsTask().Bounded();
        await using IRpcClient withNone = await Connect("tcp");

        Assert.Equal(4242, await withSys.CallAsync(TestService.Program, 1, TestService.WhoAmI, XdrVoid.Value, XdrVoid.Encoder, TestService.DecodeInt).Bounded());
        Assert.Equal(-1, await withNone.CallAsync(TestService.Program, 1, TestService.WhoAmI, XdrVoid.Value, XdrVoid.Encoder, TestService.DecodeInt).Bounded());
    }

    private async Task<IRpcClient> Connect(string transport) => transport switch
    {
        "tcp" => await RpcClient.ConnectTcpAsync(_tcp).AsTask().Bounded(),
        "udp" => RpcClient.CreateUdp(_udp),
        _ => await RpcClient.ConnectUnixAsync(_unixPath).AsTask().Bounded(),
    };
}
