using System.Net;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Rpc;

/// <summary>
/// <see cref="IRpcClient.Call"/>: a synchronous call reads its own reply on the caller's thread while nothing else is
/// in flight (as libtirpc's clnt_call), and hands the connection to the receive loop once asynchronous calls come.
/// Every synchronous call runs on a thread of its own, bounded by <see cref="TestTimeouts.Wait"/>.
/// </summary>
public class SynchronousCallTests
{
    public static TheoryData<string, bool> Transports => new()
    {
        { "tcp", true },
        { "udp", true },
        { "tcp", false },
        { "udp", false },
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task AloneOnItsConnection_TheCallerDecodesItsOwnReply(string transport, bool useEventLoop)
    {
        await using RpcServer server = TestService.CreateServer();
        await using IRpcClient client = await ConnectAsync(server, transport, new RpcClientOptions { UseEventLoop = useEventLoop });

        // The decoder runs where the reply was read: on the calling thread, not on a receive loop.
        for (int i = 0; i < 3; i++)
        {
            (string text, int callerThread, int decoderThread) = await OnThread(() =>
            {
                int decodedOn = -1;
                string text = client.Call(TestService.Program, 1, TestService.Echo, $"sync {i}", TestService.EncodeString, (ref XdrReader r) =>
                {
                    decodedOn = Environment.CurrentManagedThreadId;
                    return r.ReadString();
                });
                return (text, Environment.CurrentManagedThreadId, decodedOn);
            });

            Assert.Equal($"sync {i}", text);
            Assert.Equal(callerThread, decoderThread);
        }

        // Then an asynchronous call starts the receive loop, and both kinds go on working.
        Assert.Equal("async", await client.EchoAsync("async").Bounded());
        Assert.Equal("sync again", await OnThread(() => client.CallEcho("sync again")));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task AnAsynchronousCallDuringASynchronousOne_GetsItsReplyFromTheReadingCaller(string transport)
    {
        await using RpcServer server = TestService.CreateServer();
        await using IRpcClient client = await ConnectAsync(server, transport, new RpcClientOptions());

        // The synchronous caller waits 1 s for its own reply; the echo's reply arrives long before and must not wait.
        Task<int> slow = OnThread(() => client.CallSleep(7, 1_000));
        await Task.Delay(100);
        Task<string> echo = client.EchoAsync("meanwhile").AsTask();

        Assert.Equal("meanwhile", await echo.Bounded());
        Assert.False(slow.IsCompleted, "the echo should have been answered while the slow call still waited");
        Assert.Equal(7, await slow);

        // The receive loop took over when the synchronous caller was done.
        Assert.Equal("later", await client.EchoAsync("later").Bounded());
        Assert.Equal(["a", "b", "c"], await Task.WhenAll(new[] { "a", "b", "c" }.Select(s => client.EchoAsync(s).AsTask())).Bounded());
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task NoReplyWithinTheTimeout_IsRpcTimeoutException_AndTheNextCallWorks(string transport)
    {
        await using RpcServer server = TestService.CreateServer();
        await using IRpcClient client = await ConnectAsync(server, transport, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(1) });

        var e = await Assert.ThrowsAsync<RpcTimeoutException>(() => OnThread(() => client.CallSleep(1, 10_000)));

        Assert.Equal(TimeSpan.FromSeconds(1), e.Timeout);
        Assert.Equal("next", await OnThread(() => client.CallEcho("next")));
    }

    [Fact]
    public async Task ServerClosedTheIdleConnection_TheNextCallReconnects_OrFailsWithoutReconnect()
    {
        // Long enough that the first calls, on threads of their own on a loaded machine, come before it.
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { IdleTimeout = TimeSpan.FromSeconds(1.5) });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        await using IRpcClient once = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { Reconnect = false }).AsTask().Bounded();
        Func<IRpcClient, string, Task<string>> echo = (c, text) => OnThread(() => c.CallEcho(text));
        Assert.Equal("first", await echo(client, "first"));
        Assert.Equal("first", await echo(once, "first"));

        await TestTimeouts.Eventually(() => server.ConnectionCount == 0, "the idle connections to close");

        Assert.Equal("again", await echo(client, "again"));
        await Assert.ThrowsAsync<RpcConnectionException>(() => echo(once, "again"));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task DisposedDuringTheCall_TheCallerIsReleasedAtOnce(string transport)
    {
        await using RpcServer server = TestService.CreateServer();
        IRpcClient client = await ConnectAsync(server, transport, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(60) });
        Task<int> call = OnThread(() => client.CallSleep(1, 30_000));
        await Task.Delay(200);

        await client.DisposeAsync();

        // Well before the server's 30 s sleep or the client's 60 s timeout.
        Exception e = await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(e is ObjectDisposedException or RpcConnectionException, e.ToString());
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task SynchronousAndAsynchronousCallers_AtOnceOnOneClient_EachGetTheirOwnAnswers(string transport)
    {
        // The reading caller hands over to the receive loop while others call in both ways: every call must still
        // get its own answer, and none may hang.
        await using RpcServer server = TestService.CreateServer();
        await using IRpcClient client = await ConnectAsync(server, transport, new RpcClientOptions());
        const int PerCaller = 200;

        Task<string[]>[] sync = Enumerable.Range(0, 3).Select(c => OnThread(() => Enumerable.Range(0, PerCaller)
            .Select(i => client.CallEcho($"sync {c} {i}"))
            .ToArray())).ToArray();
        Task<string[]>[] async = Enumerable.Range(0, 3).Select(c => Task.Run(async () =>
        {
            var answers = new string[PerCaller];
            for (int i = 0; i < PerCaller; i++)
            {
                answers[i] = await client.EchoAsync($"async {c} {i}");
            }

            return answers;
        })).ToArray();

        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(Enumerable.Range(0, PerCaller).Select(i => $"sync {c} {i}"), await sync[c]);
            Assert.Equal(Enumerable.Range(0, PerCaller).Select(i => $"async {c} {i}"), await async[c].Bounded());
        }
    }

    [Fact]
    public async Task Udp_LostDatagrams_TheCallerRetransmits()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        await using var relay = new LossyUdpRelay(endPoint, seed: 1833, drop: 0.3, duplicate: 0.1, delay: 0.1);
        var options = new RpcClientOptions
        {
            UdpRetransmitInterval = TimeSpan.FromMilliseconds(30),
            UdpMaxRetransmitInterval = TimeSpan.FromMilliseconds(200),
            Timeout = TimeSpan.FromSeconds(15),
        };
        await using IRpcClient client = RpcClient.CreateUdp(relay.EndPoint, options);

        string[] answers = await OnThread(() => Enumerable.Range(0, 60)
            .Select(i => client.CallEcho($"call {i}"))
            .ToArray());

        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"call {i}"), answers);
        Assert.True(relay.Dropped > 0, "the relay should have dropped some datagrams");
    }

    [Fact]
    public async Task Udp_NothingListens_FailsWithConnectionRefused()
    {
        await using IRpcClient client = RpcClient.CreateUdp(Loopback.FreePort(), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(15) });

        await Assert.ThrowsAsync<RpcConnectionException>(() => OnThread(() => client.CallEcho("anyone?")));
    }

    [Fact]
    public async Task ACancelableToken_TakesTheAsynchronousWay_AndCancels()
    {
        await using RpcServer server = TestService.CreateServer();
        await using IRpcClient client = await ConnectAsync(server, "tcp", new RpcClientOptions());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OnThread(() => client.CallSleep(1, 10_000, cancel.Token)));
        Assert.Equal("after", await OnThread(() => client.CallEcho("after")));
    }

    private static async Task<IRpcClient> ConnectAsync(RpcServer server, string transport, RpcClientOptions options)
    {
        if (transport == "udp")
        {
            return RpcClient.CreateUdp(server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0)), options);
        }

        return await RpcClient.ConnectTcpAsync(server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)), options).AsTask().Bounded();
    }

    /// <summary>Runs a blocking call on a thread of its own (not the thread pool's), bounded.</summary>
    private static Task<T> OnThread<T>(Func<T> call)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                result.SetResult(call());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        }) { IsBackground = true }.Start();
        return result.Task.WaitAsync(TestTimeouts.Wait);
    }
}
