using System.IO;
using System.Net;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Transport.Native;

namespace MiniRpc.Tests.Rpc;

/// <summary>
/// Where the code after <c>await</c> on a call runs (<see cref="RpcClientOptions.Continuations"/>), and that the
/// default, on the client loop after its reading, survives continuations that block: a synchronous call, a
/// <c>.Result</c> on a call of the same connection, a wait for another reply. The awaited call is HOLD, which the
/// server answers only when the test releases it, after the <c>await</c> has registered its continuation: a reply
/// that came first would let the caller's thread go on by itself, wherever the reply was read. The continuations
/// use <c>ConfigureAwait(false)</c>: xunit's synchronization context would otherwise take them.
/// </summary>
public sealed class ContinuationTests
{
    public static TheoryData<string> Transports() => new() { "tcp", "udp", "unix" };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ByDefault_TheContinuationRunsOnTheClientLoop(string transport)
    {
        await using var setup = await Setup.StartAsync(transport, new RpcClientOptions());
        Task<(string? Name, bool Pool)> observed = After(setup.HoldAsync("a"), _ => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
        setup.Release();
        (string? name, bool pool) = await observed.Bounded();

        if (EventLoop.IsSupported)
        {
            Assert.StartsWith("MiniRpc client loop", name);
            Assert.False(pool);
        }
        else
        {
            Assert.True(pool);
        }
    }

    [Theory]
    [InlineData(RpcContinuationMode.ThreadPool, true)]
    [InlineData(RpcContinuationMode.EventLoop, false)]
    [InlineData(RpcContinuationMode.Inline, false)]
    public async Task ThreadPoolMode_OrNoEventLoop_RunsTheContinuationOnThePool(RpcContinuationMode continuations, bool useEventLoop)
    {
        await using var setup = await Setup.StartAsync("tcp", new RpcClientOptions { Continuations = continuations, UseEventLoop = useEventLoop });
        Task<bool> observed = After(setup.HoldAsync("a"), _ => Thread.CurrentThread.IsThreadPoolThread);
        setup.Release();

        // Inline without the loop runs where .NET's engine completed the receive: a thread-pool thread too.
        Assert.True(await observed.Bounded());
    }

    [Theory]
    [InlineData(RpcContinuationMode.EventLoop, "tcp")]
    [InlineData(RpcContinuationMode.Inline, "tcp")]
    [InlineData(RpcContinuationMode.Inline, "udp")]
    public async Task ATimedOutCall_CompletesOnThePool_InEveryMode(RpcContinuationMode continuations, string transport)
    {
        // The timer's thread fails the call: the caller's code must not run on it (nor on a loop).
        await using var setup = await Setup.StartAsync(transport, new RpcClientOptions { Continuations = continuations, Timeout = TimeSpan.FromMilliseconds(200) });
        (Type error, string? name, bool pool) = await TimedOut(setup.HoldAsync("never")).Bounded();
        setup.Release();

        Assert.Equal(typeof(RpcTimeoutException), error);
        Assert.True(pool, $"ran on {name}");
    }

    private static async Task<(Type Error, string? Name, bool Pool)> TimedOut(ValueTask<string> call)
    {
        try
        {
            await call.ConfigureAwait(false);
            throw new Xunit.Sdk.XunitException("the call did not time out");
        }
        catch (RpcException e)
        {
            return (e.GetType(), Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
        }
    }

    public static TheoryData<string, string> BlockingWaits()
    {
        var data = new TheoryData<string, string>();
        foreach (string transport in new[] { "tcp", "udp", "unix" })
        {
            data.Add(transport, "call"); // a synchronous MiniRpc call: it hands the loop off itself
            data.Add(transport, "result"); // sync over async that MiniRpc cannot see: the watchdog hands the loop off
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BlockingWaits))]
    public async Task AWaitInTheContinuation_ForACallOfTheSameClient_GetsItsReply(string transport, string wait)
    {
        await using var setup = await Setup.StartAsync(transport, new RpcClientOptions());
        int handOffs = TotalHandOffs();

        // The receive loop reads this client's replies: the blocked thread must not be the loop's any more.
        Task<string> second = After(setup.HoldAsync("first"), _ => wait == "call"
            ? setup.Client.CallEcho("second")
            : setup.Client.EchoAsync("second").AsTask().Result);
        setup.Release();

        Assert.Equal("second", await second.Bounded());
        if (EventLoop.IsSupported)
        {
            Assert.True(TotalHandOffs() > handOffs, "the blocked loop thread was handed off");
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task AContinuationThatBlocks_DoesNotHoldUpOtherReplies(string transport)
    {
        await using var setup = await Setup.StartAsync(transport, new RpcClientOptions());
        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Thread? blockedThread = null;
        Task<bool> first = After(setup.HoldAsync("first"), _ =>
        {
            blockedThread = Thread.CurrentThread;
            blocked.Set();

            // Held until the test has had more replies on the same connection.
            return release.Wait(TestTimeouts.Wait);
        });
        setup.Release();

        Assert.True(blocked.Wait(TestTimeouts.Wait));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal($"more {i}", await setup.Client.EchoAsync($"more {i}").Bounded());
        }

        release.Set();
        Assert.True(await first.Bounded());

        // The replaced loop thread ends once its continuation returns. (Joined from the pool: this test method may
        // itself go on on that very thread.)
        if (EventLoop.IsSupported)
        {
            Assert.StartsWith("MiniRpc client loop", blockedThread!.Name);
            Assert.True(await Task.Run(() => blockedThread.Join(TestTimeouts.Wait)).Bounded(), "the handed-off loop thread ended");
        }
    }

    [Fact]
    public async Task ManyCallsInFlight_FromContinuations_AllComplete()
    {
        // Continuations that make the next call, 32 chains at once over one connection, and a blocking call now and then.
        await using var setup = await Setup.StartAsync("tcp", new RpcClientOptions());
        int[] done = await Task.WhenAll(Enumerable.Range(0, 32).Select(chain => Task.Run(async () =>
        {
            int count = 0;
            for (int i = 0; i < 50; i++)
            {
                string reply = i % 25 == 24
                    ? setup.Client.CallEcho($"{chain}/{i}")
                    : await setup.Client.EchoAsync($"{chain}/{i}").ConfigureAwait(false);
                Assert.Equal($"{chain}/{i}", reply);
                count++;
            }

            return count;
        }))).Bounded();

        Assert.All(done, count => Assert.Equal(50, count));
    }

    /// <summary>
    /// Awaits <paramref name="call"/> and runs <paramref name="then"/> where the continuation runs. Called before the
    /// call can complete, it returns once the await has registered.
    /// </summary>
    private static async Task<T> After<T>(ValueTask<string> call, Func<string, T> then)
    {
        string reply = await call.ConfigureAwait(false);
        return then(reply);
    }

    private static int TotalHandOffs() => EventLoop.ClientLoops?.Sum(loop => loop.HandOffs) ?? 0;

    private sealed class Setup : IAsyncDisposable
    {
        private const uint HoldProgram = TestService.Program + 1;

        private readonly RpcServer _server;
        private readonly string? _unixPath;
        private readonly SemaphoreSlim _held;

        private Setup(RpcServer server, SemaphoreSlim held, IRpcClient client, string? unixPath)
        {
            _server = server;
            _held = held;
            Client = client;
            _unixPath = unixPath;
        }

        public IRpcClient Client { get; }

        /// <summary>HOLD: echoes its argument once <see cref="Release"/> lets it.</summary>
        public ValueTask<string> HoldAsync(string text) =>
            Client.CallAsync(HoldProgram, 1, 1, text, TestService.EncodeString, TestService.DecodeString);

        /// <summary>Lets one HOLD call be answered.</summary>
        public void Release() => _held.Release();

        public static async Task<Setup> StartAsync(string transport, RpcClientOptions options)
        {
            RpcServer server = TestService.CreateServer();
            var held = new SemaphoreSlim(0);
            server.AddService(new RpcServiceDefinition(HoldProgram, 1, "HOLDPROG").AddProcedure(1, "HOLD", TestService.DecodeString, TestService.EncodeString, async (text, context) =>
            {
                await held.WaitAsync(context.CallAborted);
                return text;
            }));
            string? unixPath = transport == "unix" ? Path.Combine(Path.GetTempPath(), $"minirpc-{Guid.NewGuid():N}.sock") : null;
            try
            {
                IRpcClient client = transport switch
                {
                    "udp" => RpcClient.CreateUdp(server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0)), options),
                    "unix" => await ConnectUnixAsync(server, unixPath!, options),
                    _ => await RpcClient.ConnectTcpAsync(server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)), options).AsTask().Bounded(),
                };
                return new Setup(server, held, client, unixPath);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        private static async Task<IRpcClient> ConnectUnixAsync(RpcServer server, string path, RpcClientOptions options)
        {
            server.ListenUnix(path);
            return await RpcClient.ConnectUnixAsync(path, options).AsTask().Bounded();
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await _server.DisposeAsync();
            _held.Dispose();
            if (_unixPath is not null)
            {
                File.Delete(_unixPath);
            }
        }
    }
}
