using System.IO;
using System.Net;
using System.Net.Sockets;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Internal;
using MiniRpc.Transport;
using MiniRpc.Transport.Native;

namespace MiniRpc.Tests.Transport;

/// <summary>
/// MiniRpc's epoll event loop (<see cref="SocketIo"/> on Linux) on real loopback sockets: the waits it arms, the
/// edges it must not lose, cancellation and close, and every pairing of it with .NET's socket engine.
/// </summary>
public sealed class EventLoopTests
{
    [Fact]
    public void EventLoop_IsUsedOnLinux()
    {
        // This machine and CI are Linux x86-64: the loops must really start (epoll created, the C library loaded),
        // and sockets must get them, or the tests below test only .NET's engine.
        bool expected = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64;
        Assert.Equal(expected, EventLoop.IsSupported);
        using var pair = TcpPair.Create();
        Assert.Equal(expected, pair.Io is EpollSocketIo);
    }

    public static TheoryData<string, bool, bool, RpcContinuationMode> Engines()
    {
        var data = new TheoryData<string, bool, bool, RpcContinuationMode>();
        foreach (string transport in new[] { "tcp", "udp", "unix" })
        {
            foreach (bool serverLoop in new[] { true, false })
            {
                foreach (bool clientLoop in new[] { true, false })
                {
                    foreach (RpcContinuationMode continuations in Enum.GetValues<RpcContinuationMode>())
                    {
                        data.Add(transport, serverLoop, clientLoop, continuations);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Calls_EveryPairingOfEngines_Work(string transport, bool serverLoop, bool clientLoop, RpcContinuationMode continuations)
    {
        string unixPath = Path.Combine(Path.GetTempPath(), $"minirpc-{Guid.NewGuid():N}.sock");
        await using RpcServer server = TestService.CreateServer(new RpcServerOptions { UseEventLoop = serverLoop });
        var options = new RpcClientOptions { UseEventLoop = clientLoop, Continuations = continuations };
        if (transport == "unix")
        {
            server.ListenUnix(unixPath);
        }

        await using IRpcClient client = transport switch
        {
            "udp" => RpcClient.CreateUdp(server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0)), options),
            "unix" => await RpcClient.ConnectUnixAsync(unixPath, options).AsTask().Bounded(),
            _ => await RpcClient.ConnectTcpAsync(server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)), options).AsTask().Bounded(),
        };

        Assert.Equal("one", await client.EchoAsync("one").Bounded());

        // 64 at once: batches of calls and of replies, in both directions.
        string[] answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => client.EchoAsync($"call {i}").AsTask())).Bounded();
        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"call {i}"), answers);

        // Larger than a receive buffer (streams) or near the datagram maximum (UDP).
        int size = transport == "udp" ? 60_000 : 1_000_000;
        byte[] big = await client.CallAsync(TestService.Program, 1, TestService.Big, size, TestService.EncodeInt, TestService.DecodeOpaque).Bounded();
        Assert.Equal(Enumerable.Range(0, size).Select(i => (byte)i), big);

        // A call whose handler finishes later, on another thread, still gets its reply.
        Assert.Equal(7, await client.SleepAsync(7, 20).Bounded());
    }

    [Fact]
    public async Task Handler_BlockingOnAClientCall_GetsItsReply()
    {
        // A handler runs on a server loop; here it blocks (sync over async) on a call to another server. Its reply
        // must not need the blocked thread: clients have loops of their own. (The backend is on .NET's engine: in
        // the same process on the server loops, it could be the blocked loop that has to answer.)
        await using RpcServer backend = TestService.CreateServer(new RpcServerOptions { UseEventLoop = false });
        IPEndPoint backendEndPoint = backend.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        await using IRpcClient relayClient = await RpcClient.ConnectTcpAsync(backendEndPoint).AsTask().Bounded();
        const uint RelayProgram = 0x2000_0202;
        await using var front = new RpcServer();
        front.AddService(new RpcServiceDefinition(RelayProgram, 1, "RELAY")
            .AddProcedure(1, "RELAY", TestService.DecodeString, TestService.EncodeString,
                (text, _) => ValueTask.FromResult(relayClient.EchoAsync(text).AsTask().GetAwaiter().GetResult())));
        IPEndPoint frontEndPoint = front.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));

        // Several connections, with a varying number of other sockets opened in between (sockets are given to loops
        // in turn), so that the handler runs on every server loop.
        for (int c = 0; c < 2 * Environment.ProcessorCount + 1; c++)
        {
            using SocketIo spacer = SocketIo.Create(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), useEventLoop: true, forClient: c % 2 == 0);
            await using IRpcClient client = await RpcClient.ConnectTcpAsync(frontEndPoint).AsTask().Bounded();
            Assert.Equal($"relayed {c}", await client.CallAsync(RelayProgram, 1, 1, $"relayed {c}", TestService.EncodeString, TestService.DecodeString).Bounded());
        }
    }

    [Fact]
    public async Task DualModeListeners_AnswerIPv4AndIPv6Clients()
    {
        // On an IPv6 wildcard socket an IPv4 caller arrives as ::ffff:a.b.c.d: the UDP reply must go back to it.
        await using RpcServer server = TestService.CreateServer();
        int tcpPort = server.ListenTcp(new IPEndPoint(IPAddress.IPv6Any, 0)).Port;
        int udpPort = server.ListenUdp(new IPEndPoint(IPAddress.IPv6Any, 0)).Port;

        foreach (IPAddress address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            await using IRpcClient overUdp = RpcClient.CreateUdp(new IPEndPoint(address, udpPort));
            await using IRpcClient overTcp = await RpcClient.ConnectTcpAsync(new IPEndPoint(address, tcpPort)).AsTask().Bounded();
            Assert.Equal($"udp {address}", await overUdp.EchoAsync($"udp {address}").Bounded());
            Assert.Equal($"tcp {address}", await overTcp.EchoAsync($"tcp {address}").Bounded());
            Assert.Contains(address.AddressFamily == AddressFamily.InterNetwork ? "127.0.0.1" : "::1", await overUdp.PeerAsync().Bounded(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Receive_WaitsForData_ThenReturnsIt()
    {
        using var pair = TcpPair.Create();
        var buffer = new byte[16];

        ValueTask<int> receive = pair.Io.ReceiveAsync(buffer, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(receive.IsCompleted);
        pair.Peer.Send("ping"u8);

        Assert.Equal(4, await receive.AsTask().Bounded());
        Assert.Equal("ping"u8.ToArray(), buffer.AsSpan(0, 4).ToArray());
    }

    [Fact]
    public async Task Receive_ManyRoundTrips_NoEdgeIsLost()
    {
        // Ping-pong: each side waits for the other's message before sending the next; a lost edge hangs here.
        using var pair = TcpPair.Create();
        var buffer = new byte[64];
        Task peer = Task.Run(() =>
        {
            var peerBuffer = new byte[64];
            for (int i = 0; i < 5000; i++)
            {
                int n = pair.Peer.Receive(peerBuffer);
                pair.Peer.Send(peerBuffer.AsSpan(0, n));
            }
        });

        for (int i = 0; i < 5000; i++)
        {
            await pair.Io.SendAsync(BitConverter.GetBytes(i), CancellationToken.None).AsTask().Bounded();
            int received = 0;
            while (received < 4)
            {
                received += await pair.Io.ReceiveAsync(buffer.AsMemory(received), CancellationToken.None).AsTask().Bounded();
            }

            Assert.Equal(i, BitConverter.ToInt32(buffer));
        }

        await peer.Bounded();
    }

    [Fact]
    public async Task Receive_DataThatCameWhileNobodyWaited_IsNotMissed()
    {
        using var pair = TcpPair.Create();
        var buffer = new byte[16];

        // A first receive waits (and registers the socket); its short read means 'drained'.
        ValueTask<int> first = pair.Io.ReceiveAsync(buffer, CancellationToken.None);
        pair.Peer.Send("a"u8);
        Assert.Equal(1, await first.AsTask().Bounded());

        // The next data's edge comes while nobody waits: the next receive must see it, not wait for another.
        pair.Peer.Send("b"u8);
        await Task.Delay(100);

        Assert.Equal(1, await pair.Io.ReceiveAsync(buffer, CancellationToken.None).AsTask().Bounded());
        Assert.Equal((byte)'b', buffer[0]);
    }

    [Fact]
    public async Task Send_WhenThePeerDoesNotRead_WaitsUntilItDoes()
    {
        using var pair = TcpPair.Create(smallBuffers: true);
        var chunk = new byte[64 * 1024];
        long sent = 0;

        // Fill the socket buffers until a send has to wait for EPOLLOUT.
        ValueTask<int> send;
        while (true)
        {
            send = pair.Io.SendAsync(chunk, CancellationToken.None);
            if (!send.IsCompleted)
            {
                break;
            }

            sent += await send;
            Assert.True(sent < 64L * 1024 * 1024, "64 MiB went into the socket without a wait");
        }

        await Task.Delay(50);
        Assert.False(send.IsCompleted);

        // Reading on the other side makes room: the waiting send completes.
        var sink = new byte[256 * 1024];
        Task<int> lastSend = send.AsTask();
        while (!lastSend.IsCompleted)
        {
            pair.Peer.ReceiveTimeout = 5000;
            pair.Peer.Receive(sink);
        }

        Assert.True(await lastSend.Bounded() > 0);
    }

    [Fact]
    public async Task Receive_Canceled_ThrowsAndTheNextReceiveStillSeesData()
    {
        using var pair = TcpPair.Create();
        var buffer = new byte[16];
        using var cancel = new CancellationTokenSource();

        ValueTask<int> receive = pair.Io.ReceiveAsync(buffer, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.AsTask().Bounded());

        pair.Peer.Send("after"u8);
        Assert.Equal(5, await pair.Io.ReceiveAsync(buffer, CancellationToken.None).AsTask().Bounded());
    }

    [Fact]
    public async Task Receive_WhenDisposed_FailsWithOperationAborted()
    {
        var pair = TcpPair.Create();
        ValueTask<int> receive = pair.Io.ReceiveAsync(new byte[16], CancellationToken.None);

        pair.Dispose();

        SocketException e = await Assert.ThrowsAsync<SocketException>(() => receive.AsTask().Bounded());
        Assert.Equal(SocketError.OperationAborted, e.SocketErrorCode);
    }

    [Fact]
    public async Task Receive_WhenThePeerCloses_ReturnsZero()
    {
        using var pair = TcpPair.Create();
        ValueTask<int> receive = pair.Io.ReceiveAsync(new byte[16], CancellationToken.None);

        pair.Peer.Shutdown(SocketShutdown.Send);

        Assert.Equal(0, await receive.AsTask().Bounded());
    }

    [Fact]
    public async Task Receive_LastDataAndTheEndTogether_TheEndIsNotMissed()
    {
        using var pair = TcpPair.Create();
        var buffer = new byte[16];
        ValueTask<int> first = pair.Io.ReceiveAsync(buffer, CancellationToken.None);
        pair.Peer.Send("x"u8);
        Assert.Equal(1, await first.AsTask().Bounded());

        // Data and FIN arrive while nobody waits, so one edge stands for both; the short read of the data must not
        // be taken to mean "nothing more until the next edge": there is no next edge.
        pair.Peer.Send("abc"u8);
        pair.Peer.Shutdown(SocketShutdown.Send);
        await Task.Delay(100);

        Assert.Equal(3, await pair.Io.ReceiveAsync(buffer, CancellationToken.None).AsTask().Bounded());
        Assert.Equal(0, await pair.Io.ReceiveAsync(buffer, CancellationToken.None).AsTask().Bounded());
        await pair.Io.WaitReadableAsync(CancellationToken.None).AsTask().Bounded();
    }

    [Fact]
    public async Task Connect_ToAClosedPort_IsRefused_AndToAListenerSucceeds()
    {

        using (SocketIo refused = SocketIo.Create(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), useEventLoop: true, forClient: true))
        {
            SocketException e = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(Loopback.FreePort(), CancellationToken.None).AsTask().Bounded());
            Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
        }

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using SocketIo io = SocketIo.Create(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), useEventLoop: true, forClient: true);
        await io.ConnectAsync(listener.LocalEndPoint!, CancellationToken.None).AsTask().Bounded();
        using Socket accepted = listener.Accept();
        accepted.Send("hi"u8);
        Assert.Equal(2, await io.ReceiveAsync(new byte[8], CancellationToken.None).AsTask().Bounded());
    }

    [Fact]
    public async Task Udp_ReceiveFromAndSendTo_AnswerEachSender()
    {
        using SocketIo server = SocketIo.Create(BoundUdp(), useEventLoop: true, forClient: false);
        using Socket first = BoundUdp();
        using Socket second = BoundUdp();
        var buffer = new byte[1024];
        var any = new IPEndPoint(IPAddress.Any, 0);

        foreach (Socket sender in new[] { first, second, first })
        {
            sender.SendTo("call"u8, server.Socket.LocalEndPoint!);
            SocketReceiveFromResult received = await server.ReceiveFromAsync(buffer, any, CancellationToken.None).AsTask().Bounded();
            Assert.Equal(4, received.ReceivedBytes);
            Assert.Equal(sender.LocalEndPoint, received.RemoteEndPoint);
            await server.SendToAsync("reply"u8.ToArray(), received.RemoteEndPoint, CancellationToken.None).AsTask().Bounded();
            sender.ReceiveTimeout = 5000;
            Assert.Equal(5, sender.Receive(buffer));
        }
    }

    [Fact]
    public async Task Udp_TwoDatagramsQueued_BothAreReceived()
    {
        using SocketIo server = SocketIo.Create(BoundUdp(), useEventLoop: true, forClient: false);
        using Socket sender = BoundUdp();
        var buffer = new byte[1024];
        var any = new IPEndPoint(IPAddress.Any, 0);

        // The first wait sees one edge for both: the second datagram must not wait for a third.
        ValueTask<SocketReceiveFromResult> first = server.ReceiveFromAsync(buffer, any, CancellationToken.None);
        sender.SendTo("one"u8, server.Socket.LocalEndPoint!);
        sender.SendTo("two!"u8, server.Socket.LocalEndPoint!);

        Assert.Equal(3, (await first.AsTask().Bounded()).ReceivedBytes);
        Assert.Equal(4, (await server.ReceiveFromAsync(buffer, any, CancellationToken.None).AsTask().Bounded()).ReceivedBytes);
    }

    [Theory]
    [InlineData("127.0.0.1", 4711, AddressFamily.InterNetwork)]
    [InlineData("::1", 111, AddressFamily.InterNetworkV6)]
    [InlineData("fe80::1%3", 65535, AddressFamily.InterNetworkV6)]
    public void SocketAddress_EncodeThenDecode_GivesTheEndPointBack(string address, int port, AddressFamily socketFamily)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        Span<byte> raw = stackalloc byte[SocketAddressBytes.MaxLength];

        int length = SocketAddressBytes.Encode(endPoint, socketFamily, raw);

        Assert.Equal(socketFamily == AddressFamily.InterNetwork ? 16 : 28, length);
        Assert.Equal(endPoint, SocketAddressBytes.Decode(raw.Slice(0, length)));
    }

    [Fact]
    public void SocketAddress_IPv4OnAnIPv6Socket_IsV4Mapped()
    {
        Span<byte> raw = stackalloc byte[SocketAddressBytes.MaxLength];

        int length = SocketAddressBytes.Encode(new IPEndPoint(IPAddress.Loopback, 9), AddressFamily.InterNetworkV6, raw);

        Assert.Equal(28, length);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 9), SocketAddressBytes.Decode(raw.Slice(0, length)));
    }

    [Fact]
    public async Task SendBatch_GathersOnTheOpeningThreadOnly_AndSendsOnce()
    {
        using var pair = TcpPair.Create();
        using var sendLock = new SemaphoreSlim(1, 1);
        var batch = new SendBatch();

        Assert.False(batch.TryAdd("closed"u8));
        batch.Open();
        Assert.True(batch.TryAdd("abc"u8));
        Assert.True(batch.TryAdd("def"u8));
        // A thread of its own: a Task.Run work item may run on this very thread once it awaits.
        bool addedElsewhere = true;
        var other = new Thread(() => addedElsewhere = batch.TryAdd("other thread"u8));
        other.Start();
        Assert.True(other.Join(TestTimeouts.Wait));
        Assert.False(addedElsewhere);
        Assert.False(batch.TryAdd(new byte[SendBatch.MaxBatchedRecord + 1]));
        await batch.CloseAsync(pair.Io, sendLock, CancellationToken.None).AsTask().Bounded();
        Assert.False(batch.TryAdd("closed again"u8));

        var buffer = new byte[16];
        pair.Peer.ReceiveTimeout = 5000;
        int n = pair.Peer.Receive(buffer);
        Assert.Equal("abcdef", System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(1, sendLock.CurrentCount);
    }

    [Fact]
    public async Task SendBatch_SendsALoneReplyFromItsOwnBuffer_AndKeepsOrderWhenMoreCome()
    {
        using var pair = TcpPair.Create();
        using var sendLock = new SemaphoreSlim(1, 1);
        var batch = new SendBatch();

        batch.Open();
        Assert.True(AddOwned(batch, "alone;"));
        await batch.CloseAsync(pair.Io, sendLock, CancellationToken.None).AsTask().Bounded();
        batch.Open();
        Assert.True(AddOwned(batch, "first;"));
        Assert.True(batch.TryAdd("copied;"u8));
        Assert.True(AddOwned(batch, "owned;"));
        await batch.CloseAsync(pair.Io, sendLock, CancellationToken.None).AsTask().Bounded();

        // A writer not taken (no batch open) stays the caller's.
        PooledBufferWriter refused = Writer("refused");
        Assert.False(batch.TryAdd(refused, refused.Message));
        PooledBufferWriter.Return(refused);

        Assert.Equal("alone;first;copied;owned;", ReceiveText(pair.Peer, 25));
        Assert.Equal(1, sendLock.CurrentCount);
    }

    [Fact]
    public async Task SendBatch_WaitsForTheSendLock_WhenAnotherSenderHoldsIt()
    {
        using var pair = TcpPair.Create();
        using var sendLock = new SemaphoreSlim(1, 1);
        var batch = new SendBatch();
        batch.Open();
        Assert.True(AddOwned(batch, "after the holder"));

        await sendLock.WaitAsync();
        ValueTask sending = batch.CloseAsync(pair.Io, sendLock, CancellationToken.None);
        Assert.False(sending.IsCompleted);
        sendLock.Release();
        await sending.AsTask().Bounded();

        Assert.Equal(1, sendLock.CurrentCount);
        Assert.Equal("after the holder", ReceiveText(pair.Peer, 16));
    }

    /// <summary>Hands the batch a pooled writer holding <paramref name="text"/>; the record is the text alone (no record mark), to read back.</summary>
    private static bool AddOwned(SendBatch batch, string text)
    {
        PooledBufferWriter writer = Writer(text);
        bool taken = batch.TryAdd(writer, writer.Message);
        if (!taken)
        {
            PooledBufferWriter.Return(writer);
        }

        return taken;
    }

    /// <summary>A pooled writer holding <paramref name="text"/> as its message.</summary>
    private static PooledBufferWriter Writer(string text)
    {
        PooledBufferWriter writer = PooledBufferWriter.Rent();
        int length = System.Text.Encoding.ASCII.GetBytes(text, writer.GetSpan(text.Length));
        writer.Advance(length);
        return writer;
    }

    private static string ReceiveText(Socket socket, int length)
    {
        var buffer = new byte[length];
        int received = 0;
        socket.ReceiveTimeout = 5000;
        while (received < length)
        {
            int n = socket.Receive(buffer, received, length - received, SocketFlags.None);
            Assert.True(n > 0, "the connection ended early");
            received += n;
        }

        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    [Fact]
    public async Task StreamReceiver_GetsTheBytesSentBeforeAndAfter_ThenTheEndOnce()
    {
        using var pair = TcpPair.Create();
        pair.Peer.Send("before;"u8); // an edge nobody saw: registering must report it
        var receiver = new StreamCollector(failOn: null);

        Assert.True(pair.Io.TryReceiveStreamOnLoop(receiver));
        await TestTimeouts.Eventually(() => receiver.Text == "before;", "the bytes sent before");
        byte[] big = new byte[300_000]; // more than one receive buffer: read on until drained
        big.AsSpan().Fill((byte)'x');
        pair.Peer.Send(big);
        pair.Peer.Shutdown(SocketShutdown.Send);

        await TestTimeouts.Eventually(() => receiver.Ended == 1, "the end of the stream");
        Assert.Equal(7 + big.Length, receiver.Text.Length);
        Assert.Null(receiver.Failure);
        Assert.True(receiver.OnLoopOnly);
        await Task.Delay(50);
        Assert.Equal(1, receiver.Ended);
    }

    [Fact]
    public async Task StreamReceiver_ThatThrows_EndsTheStreamInsteadOfStallingIt()
    {
        using var pair = TcpPair.Create();
        var receiver = new StreamCollector(failOn: "boom");
        Assert.True(pair.Io.TryReceiveStreamOnLoop(receiver));

        pair.Peer.Send("boom"u8);

        await TestTimeouts.Eventually(() => receiver.Ended == 1, "the stream to end");
        Assert.IsType<InvalidOperationException>(receiver.Failure);
    }

    [Fact]
    public async Task DatagramReceiver_GetsEveryDatagram_OnTheLoop_QueuedBeforeOrAfter_AndNoneAfterDispose()
    {
        using Socket sender = BoundUdp();
        Socket socket = BoundUdp();
        SocketIo io = SocketIo.Create(socket, useEventLoop: true, forClient: false);
        EndPoint to = socket.LocalEndPoint!;
        sender.SendTo("queued 0"u8, to);
        sender.SendTo("queued 1"u8, to);
        var receiver = new CollectingReceiver();

        Assert.True(io.TryReceiveDatagramsOnLoop(receiver));
        Assert.Throws<InvalidOperationException>(() => io.TryReceiveDatagramsOnLoop(new CollectingReceiver()));
        for (int i = 0; i < 50; i++)
        {
            sender.SendTo(System.Text.Encoding.ASCII.GetBytes($"sent {i}"), to);
        }

        string[] expected = ["queued 0", "queued 1", .. Enumerable.Range(0, 50).Select(i => $"sent {i}")];
        await TestTimeouts.Eventually(() => receiver.Count >= expected.Length, "every datagram");
        Assert.Equal(expected, receiver.Texts);
        Assert.All(receiver.Senders, s => Assert.Equal(sender.LocalEndPoint, s));
        Assert.False(receiver.OnThreadPool, "datagrams are handed over on the loop's thread");

        // The socket still sends while the loop takes its datagrams.
        await io.SendToAsync("reply"u8.ToArray(), sender.LocalEndPoint!, CancellationToken.None).AsTask().Bounded();
        var buffer = new byte[16];
        sender.ReceiveTimeout = 5000;
        Assert.Equal("reply", System.Text.Encoding.ASCII.GetString(buffer, 0, sender.Receive(buffer)));

        io.Dispose();
        sender.SendTo("after dispose"u8, to);
        await Task.Delay(100);
        Assert.Equal(expected.Length, receiver.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DatagramThread_GetsEveryDatagram_OnItsOwnThread_AndDisposeWakesIt(bool nonBlockingDescriptor)
    {
        using Socket sender = BoundUdp();
        Socket socket = BoundUdp();
        socket.Blocking = !nonBlockingDescriptor; // O_NONBLOCK: recvfrom says EAGAIN, and the thread polls instead
        SocketIo io = SocketIo.Create(socket, useEventLoop: true, forClient: false);
        EndPoint to = socket.LocalEndPoint!;
        sender.SendTo("queued 0"u8, to);
        var receiver = new CollectingReceiver(failOn: "boom");

        Task? ended = io.TryReceiveDatagramsOnThread(receiver, "test datagram thread");
        Assert.NotNull(ended);
        Assert.Throws<InvalidOperationException>(() => { _ = io.TryReceiveDatagramsOnThread(new CollectingReceiver(), "again"); });
        Assert.Throws<InvalidOperationException>(() => io.TryReceiveDatagramsOnLoop(new CollectingReceiver()));
        sender.SendTo("boom"u8, to); // the receiver throws on this one: the thread goes on with the next
        for (int i = 0; i < 50; i++)
        {
            sender.SendTo(System.Text.Encoding.ASCII.GetBytes($"sent {i}"), to);
        }

        string[] expected = ["queued 0", "boom", .. Enumerable.Range(0, 50).Select(i => $"sent {i}")];
        await TestTimeouts.Eventually(() => receiver.Count >= expected.Length, "every datagram");
        Assert.Equal(expected, receiver.Texts);
        Assert.All(receiver.Senders, s => Assert.Equal(sender.LocalEndPoint, s));
        Assert.Equal(["test datagram thread"], receiver.ThreadNames.Select(name => name ?? "(none)"));

        // The socket still sends while its thread sleeps in recvfrom.
        await io.SendToAsync("reply"u8.ToArray(), sender.LocalEndPoint!, CancellationToken.None).AsTask().Bounded();
        var buffer = new byte[16];
        sender.ReceiveTimeout = 5000;
        Assert.Equal("reply", System.Text.Encoding.ASCII.GetString(buffer, 0, sender.Receive(buffer)));

        // Closing a descriptor does not wake a thread asleep in recvfrom (or poll) on it; Dispose must, and then no
        // datagram reaches the receiver.
        await Task.Delay(50);
        Assert.False(ended.IsCompleted);
        io.Dispose();
        await ended.Bounded();
        Assert.Equal(expected.Length, receiver.Count);
    }

    [Theory]
    [InlineData("blocking")]       // a blocking descriptor (a UDP client's): one recv that sleeps, SO_RCVTIMEO the timeout
    [InlineData("non-blocking")]   // a non-blocking one: poll, then recv
    [InlineData("blocking again")] // Socket.Blocking true, yet .NET left the descriptor non-blocking: poll, then recv
    public async Task SynchronousReceive_GetsWhatComes_TimesOut_AndWakesAtShutdown(string mode)
    {
        using Socket peer = BoundUdp();
        Socket socket = BoundUdp();
        socket.Blocking = mode == "blocking";
        if (mode == "blocking again")
        {
            socket.Blocking = true;
        }

        bool blocking = socket.Blocking;
        socket.Connect(peer.LocalEndPoint!);
        using SocketIo io = SocketIo.Create(socket, useEventLoop: true, forClient: true);
        EndPoint to = socket.LocalEndPoint!;
        var buffer = new byte[64];
        string Text(int length) => System.Text.Encoding.ASCII.GetString(buffer, 0, length);

        peer.SendTo("queued"u8, to);
        Assert.Equal("queued", Text(io.Receive(buffer, 5000)));
        Assert.Equal(-1, io.Receive(buffer, 50)); // nothing came in time
        Assert.Equal(-1, io.Receive(buffer, 0));  // a look, no wait

        Task<int> waiting = Task.Factory.StartNew(() => io.Receive(buffer, -1), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        peer.SendTo("later"u8, to);
        Assert.Equal("later", Text(await waiting.Bounded()));

        // A synchronous caller asleep with no timeout wakes when the client shuts the socket down (its dispose).
        Task<int> asleep = Task.Factory.StartNew(() => io.Receive(buffer, -1), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        Assert.False(asleep.IsCompleted);
        io.Shutdown();
        Assert.Equal(0, await asleep.Bounded());
        Assert.Equal(blocking, socket.Blocking);
    }

    [Fact]
    public void DatagramThread_IsRefusedByStreams()
    {
        using var pair = TcpPair.Create();
        Assert.Null(pair.Io.TryReceiveDatagramsOnThread(new CollectingReceiver(), "stream"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DatagramReceiver_HearsAnIcmpError_AndGoesOnReceiving(bool onThread)
    {
        // A connected UDP socket whose peer port is closed gets ECONNREFUSED at the next recvfrom: reported, cleared,
        // and the datagrams after it (from a peer that is there) still come.
        Socket gone = BoundUdp();
        var peerEndPoint = (IPEndPoint)gone.LocalEndPoint!;
        gone.Dispose();
        Socket socket = BoundUdp();
        socket.Connect(peerEndPoint);
        using SocketIo io = SocketIo.Create(socket, useEventLoop: true, forClient: false);
        var receiver = new CollectingReceiver();
        Assert.True(onThread ? io.TryReceiveDatagramsOnThread(receiver, "test") is not null : io.TryReceiveDatagramsOnLoop(receiver));

        socket.Send("to nobody"u8);
        await TestTimeouts.Eventually(() => receiver.Errors > 0, "the ICMP port unreachable");

        using Socket peer = BoundUdp();
        socket.Connect(peer.LocalEndPoint!); // a UDP socket may connect again, to a peer that is there
        peer.SendTo("still here"u8, socket.LocalEndPoint!);
        await TestTimeouts.Eventually(() => receiver.Count == 1, "the datagram after the error");
        Assert.Equal(["still here"], receiver.Texts);

        // On the loop a connected socket is read with recv, which names no sender; its thread names each one.
        Assert.Equal(onThread ? peer.LocalEndPoint : null, Assert.Single(receiver.Senders));
    }

    [Fact]
    public void DatagramReceiver_IsRefusedByStreams()
    {
        using var pair = TcpPair.Create();
        Assert.False(pair.Io.TryReceiveDatagramsOnLoop(new CollectingReceiver()));
    }

    /// <summary>Collects a stream's bytes as text; throws when they contain <c>failOn</c>.</summary>
    private sealed class StreamCollector(string? failOn) : IStreamReceiver
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly System.Text.StringBuilder _text = new();
        private int _ended;
        private bool _offLoop;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public int Ended => Volatile.Read(ref _ended);

        public Exception? Failure { get; private set; }

        public bool OnLoopOnly => !Volatile.Read(ref _offLoop);

        public Span<byte> ReceiveBuffer => _buffer;

        public void OnReceived(int length)
        {
            _offLoop |= !Thread.CurrentThread.Name!.StartsWith("MiniRpc client loop", StringComparison.Ordinal);
            string text = System.Text.Encoding.ASCII.GetString(_buffer, 0, length);
            lock (_text)
            {
                _text.Append(text);
            }

            if (failOn is not null && text.Contains(failOn, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the receiver failed on purpose");
            }
        }

        public void OnEnded(Exception? failure)
        {
            Failure = failure;
            Interlocked.Increment(ref _ended);
        }
    }

    private sealed class CollectingReceiver(string? failOn = null) : IDatagramReceiver
    {
        private readonly byte[] _buffer = new byte[2048];
        private readonly List<string> _texts = [];
        private readonly List<EndPoint?> _senders = [];
        private readonly HashSet<string?> _threadNames = [];
        private int _errors;

        public Span<byte> ReceiveBuffer => _buffer;

        public bool OnThreadPool { get; private set; }

        public int Errors => Volatile.Read(ref _errors);

        public int Count
        {
            get
            {
                lock (_texts)
                {
                    return _texts.Count;
                }
            }
        }

        public string[] Texts
        {
            get
            {
                lock (_texts)
                {
                    return [.. _texts];
                }
            }
        }

        public string?[] ThreadNames
        {
            get
            {
                lock (_texts)
                {
                    return [.. _threadNames];
                }
            }
        }

        public EndPoint?[] Senders
        {
            get
            {
                lock (_texts)
                {
                    return [.. _senders];
                }
            }
        }

        public void OnDatagram(int length, EndPoint? sender)
        {
            string text = System.Text.Encoding.ASCII.GetString(_buffer, 0, length);
            lock (_texts)
            {
                _texts.Add(text);
                _senders.Add(sender);
                _threadNames.Add(Thread.CurrentThread.Name);
                OnThreadPool |= Thread.CurrentThread.IsThreadPoolThread;
            }

            if (text == failOn)
            {
                throw new InvalidOperationException(text);
            }
        }

        public void OnReceiveError(SocketException error) => Interlocked.Increment(ref _errors);
    }

    private static Socket BoundUdp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A connected loopback TCP pair: our side on the event loop, the peer a plain blocking socket.</summary>
    private sealed class TcpPair : IDisposable
    {
        private TcpPair(SocketIo io, Socket peer)
        {
            Io = io;
            Peer = peer;
        }

        public SocketIo Io { get; }

        public Socket Peer { get; }

        public static TcpPair Create(bool smallBuffers = false)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            var ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (smallBuffers)
            {
                ours.SendBufferSize = 8 * 1024;
            }

            ours.Connect(listener.LocalEndPoint!);
            Socket peer = listener.Accept();
            if (smallBuffers)
            {
                peer.ReceiveBufferSize = 8 * 1024;
            }

            return new TcpPair(SocketIo.Create(ours, useEventLoop: true, forClient: true), peer);
        }

        public void Dispose()
        {
            Io.Dispose();
            Peer.Dispose();
        }
    }
}
