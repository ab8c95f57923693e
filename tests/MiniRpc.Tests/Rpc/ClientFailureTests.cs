using System.Net;
using System.Net.Sockets;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;

namespace MiniRpc.Tests.Rpc;

public class ClientFailureTests
{
    [Fact]
    public async Task NoReplyWithinTheTimeout_IsRpcTimeoutException()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        // The timeout also bounds the call after it, which must succeed: a second is plenty for an echo even on a
        // loaded CI machine (200 ms was not, once).
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(1) }).AsTask().Bounded();

        var e = await Assert.ThrowsAsync<RpcTimeoutException>(() => client.SleepAsync(1, 10_000).Bounded());

        Assert.Equal(TimeSpan.FromSeconds(1), e.Timeout);
        Assert.Equal("next", await client.EchoAsync("next").Bounded());
    }

    [Fact]
    public async Task Cancellation_AbandonsTheCallOnly()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        using var cancel = new CancellationTokenSource();

        Task<int> call = client.CallAsync(TestService.Program, 1, TestService.Sleep, (1, 5_000), TestService.EncodeIntPair, TestService.DecodeInt, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Bounded());
        Assert.Equal("after", await client.EchoAsync("after").Bounded());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.EchoAsync("never", cancellationToken: cancel.Token).Bounded());
    }

    [Fact]
    public async Task ServerDown_ConnectFailsWithAClearError()
    {
        IPEndPoint unused = Loopback.FreePort();

        var e = await Assert.ThrowsAsync<RpcConnectionException>(() => RpcClient.ConnectTcpAsync(unused).AsTask().Bounded());

        Assert.Contains(unused.ToString(), e.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(e.InnerException);
    }

    [Fact]
    public async Task UdpServerDown_FailsWithConnectionRefusedInsteadOfWaitingOut()
    {
        await using IRpcClient client = RpcClient.CreateUdp(Loopback.FreePort(), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(15) });

        await Assert.ThrowsAsync<RpcConnectionException>(() => client.EchoAsync("anyone?").Bounded());
    }

    [Fact]
    public async Task BrokenConnection_ResendsPendingCallsOnceThenFailsThemAndTheNextCallReconnects()
    {
        // A server that reads what arrives on each connection and then closes it, with the calls still pending.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        int accepted = 0;
        using var stopRude = new CancellationTokenSource();
        Task rudeServer = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using Socket connection = await listener.AcceptAsync(stopRude.Token);
                    Interlocked.Increment(ref accepted);
                    await connection.ReceiveAsync(new byte[4096], SocketFlags.None, stopRude.Token);
                    await Task.Delay(50, stopRude.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();

        Task<int>[] pending = Enumerable.Range(0, 3).Select(i => client.SleepAsync(i, 0).AsTask()).ToArray();
        foreach (Task<int> call in pending)
        {
            await Assert.ThrowsAsync<RpcConnectionException>(() => call.Bounded());
        }

        Assert.True(Volatile.Read(ref accepted) >= 2, "the pending calls should have been sent again on a new connection");
        await stopRude.CancelAsync();
        await rudeServer.Bounded();

        // The next call reconnects: this time a real server answers on the same port.
        listener.Close();
        await using RpcServer real = TestService.CreateServer();
        real.ListenTcp(endPoint);
        Assert.Equal("reconnected", await client.EchoAsync("reconnected").Bounded());
    }

    [Fact]
    public async Task ReconnectDisabled_BrokenClientFailsEveryLaterCall()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(100) });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { Reconnect = false }).AsTask().Bounded();

        // A call first: connected is not yet accepted, and a connection the server has not accepted yet also counts 0.
        Assert.Equal("first", await client.EchoAsync("first").Bounded());
        await TestTimeouts.Eventually(() => server.ConnectionCount == 0, "the idle connection to close");
        await Task.Delay(100);

        await Assert.ThrowsAsync<RpcConnectionException>(() => client.EchoAsync("x").Bounded());
    }
}
