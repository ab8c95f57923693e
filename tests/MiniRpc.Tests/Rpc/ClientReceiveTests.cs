using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MiniRpc.Client;
using MiniRpc.Protocol;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Transport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Rpc;

/// <summary>
/// How a TCP client takes replies as a server's bytes come: in the event loop's receiver, in the asynchronous receive
/// loop (no event loop), and in a synchronous caller reading its own reply. A scripted server decides the bytes.
/// </summary>
public class ClientReceiveTests
{
    public static TheoryData<bool, bool> Readers => new()
    {
        { true, false },  // the event loop receives
        { false, false }, // the asynchronous receive loop
        { true, true },   // the synchronous caller
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task ReplyTricklingInByteByByte_InThreeFragments_IsReassembled(bool eventLoop, bool synchronous)
    {
        await using var server = new ScriptedServer(async (socket, xid) =>
        {
            byte[] reply = EchoReply(xid, "trickled");
            int third = reply.Length / 3;
            var record = new List<byte>();
            record.AddRange(Fragment(reply.AsSpan(0, third), last: false));
            record.AddRange(Fragment(reply.AsSpan(third, third), last: false));
            record.AddRange(Fragment(reply.AsSpan(2 * third), last: true));
            foreach (byte b in record)
            {
                await socket.SendAsync(new[] { b }, SocketFlags.None);
                await Task.Delay(1);
            }
        });
        await using IRpcClient client = await Connect(server, eventLoop);

        Assert.Equal("trickled", await Echo(client, "trickled", synchronous));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task ReplyAndTheEndOfTheStreamTogether_TheCallStillGetsItsReply(bool eventLoop, bool synchronous)
    {
        // The reply and the FIN leave together: one readiness event may carry both, with no edge after the data.
        ScriptedServer? server = null;
        await using var scripted = server = new ScriptedServer(async (socket, xid) =>
        {
            await socket.SendAsync(Fragment(EchoReply(xid, $"connection {server!.Accepted}"), last: true), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        });
        using var log = new CapturingLoggerFactory();
        await using IRpcClient client = await Connect(server, eventLoop, log);

        Assert.Equal("connection 1", await Echo(client, "last words", synchronous));

        // Whoever reads for the asynchronous calls sees the end by itself, although no edge followed the reply (a
        // synchronous caller stops reading at its reply and sees it at the next call).
        if (!synchronous)
        {
            await TestTimeouts.Eventually(() => log.Messages.Any(m => m.Message.Contains("closed the connection", StringComparison.Ordinal)), "the client to see the end of the stream");
        }

        // The next call goes out on a new connection.
        Assert.Equal("connection 2", await Echo(client, "again", synchronous));
        Assert.Equal(2, server.Accepted);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task RecordMarkBeyondTheLimit_FailsTheCallWithAConnectionErrorInsteadOfWaiting(bool eventLoop, bool synchronous)
    {
        // A first fragment that announces 2 GiB: the client must not wait for (or allocate) it.
        await using var server = new ScriptedServer(async (socket, _) =>
            await socket.SendAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff }, SocketFlags.None));
        await using IRpcClient client = await Connect(server, eventLoop);

        var e = await Assert.ThrowsAsync<RpcConnectionException>(() => Echo(client, "x", synchronous));

        Assert.IsType<RecordMarkingException>(e.InnerException);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task RepliesPipelinedInOneSegment_EachGoesToItsCall(bool eventLoop, bool synchronous)
    {
        // The server holds the first call's reply until the second call came, then sends both in one write, in the
        // reverse order.
        var xids = new List<uint>();
        await using var server = new ScriptedServer(async (socket, xid) =>
        {
            lock (xids)
            {
                xids.Add(xid);
                if (xids.Count < 2)
                {
                    return;
                }
            }

            byte[] both = [.. Fragment(EchoReply(xids[1], "second"), last: true), .. Fragment(EchoReply(xids[0], "first"), last: true)];
            await socket.SendAsync(both, SocketFlags.None);
        });
        await using IRpcClient client = await Connect(server, eventLoop);

        // Synchronous: the first caller reads the connection itself and must hand the second call (which finds the
        // reader taken and waits the asynchronous way) its reply from the same segment.
        Task<string> first = Echo(client, "first", synchronous);
        await TestTimeouts.Eventually(() => { lock (xids) { return xids.Count == 1; } }, "the first call to reach the server");
        Task<string> second = Echo(client, "second", synchronous);

        Assert.Equal("second", await second);
        Assert.Equal("first", await first);
    }

    private static async Task<IRpcClient> Connect(ScriptedServer server, bool eventLoop, CapturingLoggerFactory? log = null) =>
        await RpcClient.ConnectTcpAsync(server.EndPoint, new RpcClientOptions { UseEventLoop = eventLoop, Timeout = TimeSpan.FromSeconds(60) }, log).AsTask().Bounded();

    private static Task<string> Echo(IRpcClient client, string text, bool synchronous) =>
        synchronous ? Task.Run(() => client.CallEcho(text)).Bounded() : client.EchoAsync(text).Bounded();

    private static byte[] EchoReply(uint xid, string text) => MsgProtocol.Message((ref XdrWriter w) =>
    {
        ReplyHeader.Success(xid).Write(ref w);
        w.WriteString(text);
    });

    private static byte[] Fragment(ReadOnlySpan<byte> bytes, bool last)
    {
        byte[] fragment = new byte[4 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(fragment, (last ? 0x8000_0000u : 0) | (uint)bytes.Length);
        bytes.CopyTo(fragment.AsSpan(4));
        return fragment;
    }

    /// <summary>
    /// A TCP server on loopback that, on every connection, reads each call and hands its xid and the socket to a
    /// script; the connection is read until the client closes it.
    /// </summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<Socket, uint, Task> _answer;
        private readonly Task _accepting;
        private int _accepted;

        public ScriptedServer(Func<Socket, uint, Task> answer)
        {
            _answer = answer;
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen();
            _accepting = Task.Run(AcceptAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

        public int Accepted => Volatile.Read(ref _accepted);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _accepting.Bounded();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    Socket socket = await _listener.AcceptAsync(_stop.Token);
                    socket.NoDelay = true;
                    Interlocked.Increment(ref _accepted);
                    connections.Add(ServeAsync(socket));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }

            await Task.WhenAll(connections);
        }

        private async Task ServeAsync(Socket socket)
        {
            using (socket)
            using (var records = new RecordMarkingReader())
            {
                byte[] buffer = new byte[4096];
                try
                {
                    while (true)
                    {
                        int received = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                        if (received == 0)
                        {
                            return;
                        }

                        var calls = new List<uint>();
                        ReadOnlySpan<byte> input = buffer.AsSpan(0, received);
                        while (records.TryReadRecord(ref input, out ReadOnlySpan<byte> record))
                        {
                            calls.Add(BinaryPrimitives.ReadUInt32BigEndian(record));
                        }

                        foreach (uint xid in calls)
                        {
                            await _answer(socket, xid);
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                }
            }
        }
    }
}
