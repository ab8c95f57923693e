using System.Net;
using MiniRpc.Client;
using MiniRpc.Protocol;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Transport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Rpc;

/// <summary>Faults and limits cost only the connection that caused them; everyone else is served.</summary>
public class ServerLimitTests
{
    [Fact]
    public async Task ClientDisconnectingMidRecord_FreesItsConnection()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        using (RawTcpPeer peer = await RawTcpPeer.ConnectAsync(endPoint))
        {
            await peer.SendAsync(Hex.Parse("80000100 cafe0001 00000000"));
            await TestTimeouts.Eventually(() => server.ConnectionCount == 1, "the connection to be accepted");
        }

        await TestTimeouts.Eventually(() => server.ConnectionCount == 0, "the half-sent connection to be freed");
    }

    [Fact]
    public async Task ClientDisconnectingMidCall_FreesItsConnectionAndTheCallEnds()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        ValueTask<int> sleeping = client.SleepAsync(1, 60_000);
        await TestTimeouts.Eventually(() => server.CallsInFlight == 1, "the call to start");

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sleeping.Bounded());
        await TestTimeouts.Eventually(() => server.ConnectionCount == 0 && server.CallsInFlight == 0, "the connection and its call to be freed");
    }

    [Fact]
    public async Task RecordOverTheMaximum_ClosesOnlyThatConnection()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { MaxRecordSize = 1024 });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient bystander = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        await using IRpcClient offender = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { Reconnect = false }).AsTask().Bounded();
        Assert.Equal("small", await bystander.EchoAsync("small").Bounded());

        await Assert.ThrowsAsync<RpcConnectionException>(() => offender.EchoAsync(new string('x', 2000)).Bounded());

        Assert.Equal("still served", await bystander.EchoAsync("still served").Bounded());
        await TestTimeouts.Eventually(() => server.ConnectionCount == 1, "the offending connection to close");
        await Assert.ThrowsAsync<RpcConnectionException>(() => offender.EchoAsync("again").Bounded());
    }

    [Fact]
    public async Task ConnectionsOverTheMaximum_AreClosedAndTheOthersServed()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { MaxConnections = 2 });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient first = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        await using IRpcClient second = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        Assert.Equal("1", await first.EchoAsync("1").Bounded());
        Assert.Equal("2", await second.EchoAsync("2").Bounded());

        using RawTcpPeer third = await RawTcpPeer.ConnectAsync(endPoint);

        Assert.True(await third.WaitForCloseAsync(), "the third connection should be closed by the server");
        Assert.Equal("1 again", await first.EchoAsync("1 again").Bounded());
        Assert.Equal(2, server.ConnectionCount);
    }

    [Fact]
    public async Task IdleConnection_IsClosedAndTheClientReconnects()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        Assert.Equal("before", await client.EchoAsync("before").Bounded());

        await TestTimeouts.Eventually(() => server.ConnectionCount == 0, "the idle connection to close");

        Assert.Equal("after", await client.EchoAsync("after").Bounded());
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task IdleTimeout_DoesNotCloseAConnectionWhoseCallIsRunning()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(100) });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();

        Assert.Equal(7, await client.SleepAsync(7, 600).Bounded());
    }

    [Fact]
    public async Task PartialRecordHeldTooLong_ClosesThatConnectionOnly()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { PartialRecordTimeout = TimeSpan.FromMilliseconds(200) });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient bystander = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        using RawTcpPeer slow = await RawTcpPeer.ConnectAsync(endPoint);

        await slow.SendAsync(Hex.Parse("80000028 cafe0001 00000000 00000002"));

        Assert.True(await slow.WaitForCloseAsync(), "the server should close a connection that never finishes its record");
        Assert.Equal("fine", await bystander.EchoAsync("fine").Bounded());
    }

    [Fact]
    public async Task GarbledCallHeader_ClosesTheTcpConnection()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        using RawTcpPeer peer = await RawTcpPeer.ConnectAsync(endPoint);

        // A message type of 7: neither CALL nor REPLY, so not even an error reply can be made.
        await peer.SendRecordAsync(Hex.Parse("cafe0001 00000007 00000002"));

        Assert.True(await peer.WaitForCloseAsync());
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        Assert.Equal("ok", await client.EchoAsync("ok").Bounded());
    }

    [Fact]
    public async Task GarbledCallHeader_TheCallBeforeItIsAnswered_NothingAfterItIsRead()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        using RawTcpPeer peer = await RawTcpPeer.ConnectAsync(endPoint);

        // Three records in one segment: a NULL call (to a program the server lacks: PROG_UNAVAIL is still a reply),
        // a message that is neither CALL nor REPLY, and another call.
        var framed = new System.Buffers.ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(MsgProtocol.Call(new CallHeader(1, MsgProtocol.MsgProg, MsgProtocol.MsgVers, MsgProtocol.Null), null), framed);
        RecordMarking.WriteRecord(Hex.Parse("cafe0002 00000007 00000002"), framed);
        RecordMarking.WriteRecord(MsgProtocol.Call(new CallHeader(3, MsgProtocol.MsgProg, MsgProtocol.MsgVers, MsgProtocol.Null), null), framed);
        await peer.SendAsync(framed.WrittenSpan.ToArray());

        byte[]? first = await peer.ReceiveRecordAsync();
        Assert.NotNull(first);
        Assert.Equal(1u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(first));
        Assert.Null(await peer.ReceiveRecordAsync()); // closed, with no reply to the third call
    }

    [Fact]
    public async Task GarbledUdpDatagram_IsDroppedAndTheServerKeepsServing()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        using var raw = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        foreach (string garbage in new[] { "", "01", "cafe000100000007", "cafe0001 00000000 00000002 0005464e 00000002 00000001 00000001 ffffffff" })
        {
            await raw.SendToAsync(Hex.Parse(garbage), endPoint);
        }

        await using IRpcClient client = RpcClient.CreateUdp(endPoint);
        Assert.Equal("ok", await client.EchoAsync("ok").Bounded());
    }

    [Fact]
    public async Task InFlightLimitPerConnection_AppliesBackPressureWithoutLosingCalls()
    {
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { MaxCallsInFlightPerConnection = 4 });
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        int maxSeen = 0;

        Task<int>[] calls = Enumerable.Range(0, 40).Select(i => client.SleepAsync(i, 20).AsTask()).ToArray();
        while (!calls.All(c => c.IsCompleted))
        {
            maxSeen = Math.Max(maxSeen, server.CallsInFlight);
            await Task.Delay(1);
        }

        Assert.Equal(Enumerable.Range(0, 40), await Task.WhenAll(calls).Bounded());
        Assert.InRange(maxSeen, 1, 4);

        // The connection, read asynchronously since it had to wait (on an event loop), serves a second wave as well.
        Task<int>[] more = Enumerable.Range(40, 40).Select(i => client.SleepAsync(i, 1).AsTask()).ToArray();
        Assert.Equal(Enumerable.Range(40, 40), await Task.WhenAll(more).Bounded());
    }

    [Fact]
    public async Task GracefulStop_LetsCallsInFlightFinishThenRefusesNewOnes()
    {
        RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { Reconnect = false }).AsTask().Bounded();
        Task<int>[] running = Enumerable.Range(0, 5).Select(i => client.SleepAsync(i, 300).AsTask()).ToArray();
        await TestTimeouts.Eventually(() => server.CallsInFlight == 5, "the calls to start");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.StopAsync(deadline.Token).Bounded();

        int[] results = await Task.WhenAll(running).Bounded();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, results);
        Assert.Equal(0, server.ConnectionCount);
        await Assert.ThrowsAsync<RpcConnectionException>(() => RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task GracefulStop_OverUdp_RepliesToCallsInFlight_ThenTheSocketIsGone()
    {
        RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = RpcClient.CreateUdp(endPoint, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(3) });
        Task<int>[] running = Enumerable.Range(0, 5).Select(i => client.SleepAsync(i, 300).AsTask()).ToArray();
        await TestTimeouts.Eventually(() => server.CallsInFlight == 5, "the calls to start");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.StopAsync(deadline.Token).Bounded();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, await Task.WhenAll(running).Bounded());

        // Disposing wakes the socket's receive thread and waits for it; then nothing answers on the port (the call
        // fails with ICMP port unreachable, or times out).
        await server.DisposeAsync().AsTask().Bounded();
        await Assert.ThrowsAnyAsync<RpcException>(() => client.EchoAsync("late").AsTask().Bounded());
    }

    [Fact]
    public async Task StopWithAnExpiredDeadline_AbortsCallsInFlight()
    {
        RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient client = await RpcClient.ConnectTcpAsync(endPoint).AsTask().Bounded();
        Task<int> running = client.SleepAsync(1, 60_000).AsTask();
        await TestTimeouts.Eventually(() => server.CallsInFlight == 1, "the call to start");

        await server.DisposeAsync().AsTask().Bounded();

        await Assert.ThrowsAsync<RpcConnectionException>(() => running.Bounded());
        await TestTimeouts.Eventually(() => server.CallsInFlight == 0, "the aborted call to end");
    }
}
