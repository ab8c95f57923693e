using System.IO;
using System.Net;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;

namespace MiniRpc.Tests.Transport;

/// <summary>Tests that load the machine: they run alone, so that the timing of other tests is not theirs to pay.</summary>
[CollectionDefinition(nameof(LoadCollection), DisableParallelization = true)]
public sealed class LoadCollection;

/// <summary>A bounded soak of the transports (event loop and .NET's engine) on loopback.</summary>
[Collection(nameof(LoadCollection))]
public sealed class SoakTests
{
    [Fact]
    public async Task Mixed_ManyClientsSizesCancellationsAndAbruptCloses_EveryCompletedCallIsRightAndTheServerRecovers()
    {
        // A bounded soak on loopback: 24 clients over TCP, Unix and UDP, both engines and both continuation modes,
        // echoing strings from empty to 300 KB (bigger than every buffer, in several fragments), some calls canceled,
        // some clients dropped mid-call. Every call that completes must carry its own text back.
        string unixPath = Path.Combine(Path.GetTempPath(), $"minirpc-{Guid.NewGuid():N}.sock");
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        server.ListenUnix(unixPath);
        int completed = 0;

        async Task RunClient(int id)
        {
            var random = new Random(id);
            string transport = (id % 3) switch { 0 => "tcp", 1 => "unix", _ => "udp" };
            var options = new RpcClientOptions { UseEventLoop = id % 4 != 3, Continuations = (RpcContinuationMode)(id % 3) };
            IRpcClient client = transport switch
            {
                "udp" => RpcClient.CreateUdp(udp, options),
                "unix" => await RpcClient.ConnectUnixAsync(unixPath, options),
                _ => await RpcClient.ConnectTcpAsync(tcp, options),
            };
            try
            {
                for (int i = 0; i < 40; i++)
                {
                    int length = transport == "udp" ? random.Next(0, 20_000) : random.Next(0, 8) == 0 ? random.Next(100_000, 300_000) : random.Next(0, 2_000);
                    string text = new string((char)('a' + (i % 26)), length) + $"#{id}.{i}";
                    using var cancel = new CancellationTokenSource();
                    Task<string> call = client.EchoAsync(text, cancellationToken: cancel.Token).AsTask();
                    if (random.Next(0, 10) == 0)
                    {
                        cancel.Cancel();
                    }

                    if (id % 8 == 5 && i == 20)
                    {
                        // Dropped mid-call: the call fails (or had its reply already), the server must not mind.
                        await client.DisposeAsync();
                        try
                        {
                            Assert.Equal(text, await call);
                        }
                        catch (ObjectDisposedException)
                        {
                            // The client was disposed while the call was pending.
                        }
                        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                        {
                            // Canceled before that.
                        }

                        return;
                    }

                    try
                    {
                        Assert.Equal(text, await call);
                        Interlocked.Increment(ref completed);
                    }
                    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                    {
                        // Canceled before the reply came: fine.
                    }
                }
            }
            finally
            {
                await client.DisposeAsync();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 24).Select(id => Task.Run(() => RunClient(id)))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(completed > 24 * 30, $"only {completed} calls completed");
        await TestTimeouts.Eventually(() => server.ConnectionCount == 0, "every connection to be closed");
        await using IRpcClient after = await RpcClient.ConnectTcpAsync(tcp).AsTask().Bounded();
        Assert.Equal("still serving", await after.EchoAsync("still serving").Bounded());
    }
}
