using System.IO;
using System.Net;
using System.Text;
using MiniRpc.Client;
using MiniRpc.Interop.Tests.TestSupport;
using MiniRpc.Server;
using MsgServer;

namespace MiniRpc.Interop.Tests;

/// <summary>msg.x between MiniRpc and the C reference (rpcgen + libtirpc), both ways, over TCP and UDP.</summary>
public sealed class MsgInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"minirpc-msg-{Guid.NewGuid():N}.dat");
    private MessageLog _log = null!;
    private RpcServer _server = null!;
    private IPEndPoint _tcp = null!;
    private IPEndPoint _udp = null!;

    public Task InitializeAsync()
    {
        _log = MessageLog.Open(_data);
        _server = new RpcServer();
        _server.AddService(MSGPROG.MSGVER.BindService(new MsgService(_log)));
        _tcp = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _udp = _server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _log.Dispose();
        File.Delete(_data);
    }

    [Fact]
    public async Task CClient_OverTcp_CallsOurServer()
    {
        string[] lines = await RunClient(_tcp.Port, "tcp", "save", "hello", "save", "gr\u00fc\u00dfe\nzwei Zeilen", "read", "0", "read", "1", "read", "7", "null", "proc3");

        Assert.Equal(
            [
                "save 0",
                "save 1",
                "read " + Hex("hello"),
                "read " + Hex("gr\u00fc\u00dfe\nzwei Zeilen"),
                "read ",
                "null ok",
                "proc3 error RPC: Procedure unavailable",
            ],
            lines);
    }

    [Fact]
    public async Task CClient_OverUdp_CallsOurServer()
    {
        string[] lines = await RunClient(_udp.Port, "udp", "save", "over udp", "read", "0", "null", "proc3");

        Assert.Equal(["save 0", "read " + Hex("over udp"), "null ok", "proc3 error RPC: Procedure unavailable"], lines);
    }

    [Fact]
    public async Task CClient_64KiBMessageOverTcp_ArrivesWholeThroughLibtirpcsFragments()
    {
        // 70,000 bytes: libtirpc sends the record as a 65,532-byte fragment and a last one.
        string[] lines = await RunClient(_tcp.Port, "tcp", "savelong", "70000");

        Assert.Equal(["savelong 0"], lines);
        Assert.Equal(new string('x', 70_000), _log.Read(0));
    }

    [Fact]
    public async Task OurClient_CallsTheCServer_OverTcpAndUdp()
    {
        await using CServer c = await CServer.StartAsync();
        var viaTcp = new MSGPROG.MSGVER.Client(c.Tcp);
        var viaUdp = new MSGPROG.MSGVER.Client(c.Udp);

        Assert.Equal(0, await viaTcp.SAVEMSGAsync("hello").AsTask().WaitAsync(s_wait));
        Assert.Equal(1, await viaUdp.SAVEMSGAsync("\u00fcber udp").AsTask().WaitAsync(s_wait));
        Assert.Equal("hello", await viaUdp.READMSGAsync(0).AsTask().WaitAsync(s_wait));
        Assert.Equal("\u00fcber udp", await viaTcp.READMSGAsync(1).AsTask().WaitAsync(s_wait));
        Assert.Equal(string.Empty, await viaTcp.READMSGAsync(99).AsTask().WaitAsync(s_wait));
        await viaTcp.NullProcedureAsync().AsTask().WaitAsync(s_wait);
        await viaUdp.NullProcedureAsync().AsTask().WaitAsync(s_wait);
        foreach (IRpcClient rpc in new[] { c.Tcp, c.Udp })
        {
            await Assert.ThrowsAsync<RpcProcedureUnavailableException>(() =>
                rpc.CallAsync(MSGPROG.Program, MSGPROG.MSGVER.Version, 3, MiniRpc.Xdr.XdrVoid.Value, MiniRpc.Xdr.XdrVoid.Encoder, MiniRpc.Xdr.XdrVoid.Decoder).AsTask().WaitAsync(s_wait));
            var mismatch = await Assert.ThrowsAsync<RpcProgramMismatchException>(() =>
                rpc.CallAsync(MSGPROG.Program, 3, 0, MiniRpc.Xdr.XdrVoid.Value, MiniRpc.Xdr.XdrVoid.Encoder, MiniRpc.Xdr.XdrVoid.Decoder).AsTask().WaitAsync(s_wait));
            Assert.Equal((2u, 2u), (mismatch.Low, mismatch.High));
            await Assert.ThrowsAsync<RpcProgramUnavailableException>(() =>
                rpc.CallAsync(MSGPROG.Program + 1, 2, 0, MiniRpc.Xdr.XdrVoid.Value, MiniRpc.Xdr.XdrVoid.Encoder, MiniRpc.Xdr.XdrVoid.Decoder).AsTask().WaitAsync(s_wait));
        }

        // rpcgen's server decodes an unbounded string with xdr_wrapstring, capped at 9,000 bytes (interop-notes.md).
        await Assert.ThrowsAsync<RpcGarbageArgumentsException>(() => viaTcp.SAVEMSGAsync(new string('x', 9001)).AsTask().WaitAsync(s_wait));
        Assert.Equal(2, await viaTcp.SAVEMSGAsync(new string('x', 9000)).AsTask().WaitAsync(s_wait));
    }

    [Fact]
    public async Task OurSynchronousStubs_CallTheCServer_OverTcpAndUdp()
    {
        // The sync stubs read their own replies on the calling thread (as rpcgen's clnt_call): same bytes, same answers.
        await using CServer c = await CServer.StartAsync();
        var viaTcp = new MSGPROG.MSGVER.Client(c.Tcp);
        var viaUdp = new MSGPROG.MSGVER.Client(c.Udp);

        string[] answers = await Task.Factory.StartNew(
            () =>
            {
                viaTcp.NullProcedure();
                viaUdp.NullProcedure();
                int first = viaTcp.SAVEMSG("sync over tcp");
                int second = viaUdp.SAVEMSG("sync \u00fcber udp");
                return new[] { $"{first} {second}", viaUdp.READMSG(first), viaTcp.READMSG(second), viaTcp.READMSG(99) };
            },
            TaskCreationOptions.LongRunning).WaitAsync(s_wait);

        Assert.Equal(["0 1", "sync over tcp", "sync \u00fcber udp", string.Empty], answers);
        Assert.Throws<RpcGarbageArgumentsException>(() => viaTcp.SAVEMSG(new string('x', 9001)));
    }

    [Fact]
    public async Task StubsWithByteArrayStrings_AndRpcgensPeers_CarryTheBytesAsTheyAre()
    {
        // MiniRpcStrings="Bytes": strings are byte[] on our side, char * on rpcgen's; neither side looks at the bytes.
        byte[] latin1 = [0x63, 0x61, 0x66, 0xe9]; // "café" in Latin-1: not UTF-8
        byte[] utf8 = Encoding.UTF8.GetBytes("caf\u00e9");
        await using CServer c = await CServer.StartAsync();
        var viaTcp = new Bytes.MSGPROG.MSGVER.Client(c.Tcp);
        var viaUdp = new Bytes.MSGPROG.MSGVER.Client(c.Udp);

        Assert.Equal(0, await viaTcp.SAVEMSGAsync(latin1).AsTask().WaitAsync(s_wait));
        Assert.Equal(1, await Task.Run(() => viaUdp.SAVEMSG(utf8)).WaitAsync(s_wait));
        Assert.Equal(latin1, await viaUdp.READMSGAsync(0).AsTask().WaitAsync(s_wait));
        Assert.Equal(utf8, await Task.Run(() => viaTcp.READMSG(1)).WaitAsync(s_wait));

        // rpcgen's client against our server with byte[] strings, over TCP and UDP.
        var store = new ByteStore();
        await using var server = new RpcServer();
        server.AddService(Bytes.MSGPROG.MSGVER.BindService(store));
        IPEndPoint ourTcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint ourUdp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        store.Messages.Add(latin1);

        string[] lines = await RunClient(ourTcp.Port, "tcp", "save", "caf\u00e9", "read", "0", "read", "1");
        string[] overUdpLines = await RunClient(ourUdp.Port, "udp", "read", "0", "savelong", "4000");

        Assert.Equal(["save 1", "read " + Convert.ToHexStringLower(latin1), "read " + Convert.ToHexStringLower(utf8)], lines);
        Assert.Equal(["read " + Convert.ToHexStringLower(latin1), "savelong 2"], overUdpLines);
        Assert.Equal(utf8, store.Messages[1]);
        Assert.Equal(Enumerable.Repeat((byte)'x', 4000), store.Messages[2]);
    }

    private sealed class ByteStore : Bytes.MSGPROG.MSGVER.IService
    {
        public List<byte[]> Messages { get; } = [];

        public ValueTask<int> SAVEMSG(byte[] arg1, RpcCallContext context)
        {
            lock (Messages)
            {
                Messages.Add(arg1);
                return ValueTask.FromResult(Messages.Count - 1);
            }
        }

        public ValueTask<byte[]> READMSG(int arg1, RpcCallContext context)
        {
            lock (Messages)
            {
                return ValueTask.FromResult(arg1 >= 0 && arg1 < Messages.Count ? Messages[arg1] : []);
            }
        }
    }

    /// <summary>Our C msg server (rpcgen's stubs, a main of ours), and a TCP and a UDP client of ours connected to it.</summary>
    private sealed class CServer : IAsyncDisposable
    {
        private readonly ChildProcess _process;

        private CServer(ChildProcess process, IRpcClient tcp, IRpcClient udp)
        {
            _process = process;
            Tcp = tcp;
            Udp = udp;
        }

        public IRpcClient Tcp { get; }

        public IRpcClient Udp { get; }

        /// <summary>Starts the server, which prints "tcp PORT udp PORT", and connects to it.</summary>
        public static async Task<CServer> StartAsync()
        {
            ChildProcess process = ChildProcess.Start(await MsgPeers.ServerAsync(), string.Empty);
            try
            {
                string[] ports = (await process.ReadLineAsync()).Split(' ');
                IRpcClient tcp = await RpcClient.ConnectTcpAsync(Port(ports[1])).AsTask().WaitAsync(s_wait);
                return new CServer(process, tcp, RpcClient.CreateUdp(Port(ports[3])));
            }
            catch
            {
                process.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Tcp.DisposeAsync();
            await Udp.DisposeAsync();
            _process.Dispose();
        }

        private static IPEndPoint Port(string port) => new(IPAddress.Loopback, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<string[]> RunClient(int port, string transport, params string[] commands)
    {
        string arguments = $"127.0.0.1 {port} {transport} " + string.Join(" ", commands.Select(Quote));
        string output = await ChildProcess.RunAsync(await MsgPeers.ClientAsync(), arguments, await MsgPeers.DirectoryAsync());
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Quote(string argument) => "\"" + argument.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));
}
