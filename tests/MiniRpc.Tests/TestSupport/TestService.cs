using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Client;
using MiniRpc.Protocol;
using MiniRpc.Server;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.TestSupport;

/// <summary>
/// A hand-written test program (what the generator will write from a .x file), versions 1 and 3:
/// ECHO(string) = 1, ADD(hyper, hyper) = 2, SLEEP(int id, int ms) = 3 returns id, FAIL = 4 throws,
/// BIG(int n) = 5 returns n bytes of opaque, WHOAMI = 6 returns the AUTH_SYS uid or -1,
/// PEER = 7 returns the transport and the caller's address.
/// </summary>
internal static class TestService
{
    public const uint Program = 0x2000_0101;
    public const uint Echo = 1;
    public const uint Add = 2;
    public const uint Sleep = 3;
    public const uint Fail = 4;
    public const uint Big = 5;
    public const uint WhoAmI = 6;
    public const uint Peer = 7;

    public static readonly XdrEncoder<string> EncodeString = static (ref XdrWriter w, string s) => w.WriteString(s);
    public static readonly XdrDecoder<string> DecodeString = static (ref XdrReader r) => r.ReadString();
    public static readonly XdrEncoder<int> EncodeInt = static (ref XdrWriter w, int v) => w.WriteInt32(v);
    public static readonly XdrDecoder<int> DecodeInt = static (ref XdrReader r) => r.ReadInt32();
    public static readonly XdrEncoder<long> EncodeHyper = static (ref XdrWriter w, long v) => w.WriteInt64(v);
    public static readonly XdrDecoder<long> DecodeHyper = static (ref XdrReader r) => r.ReadInt64();
    public static readonly XdrEncoder<(long, long)> EncodePair = static (ref XdrWriter w, (long A, long B) p) =>
    {
        w.WriteInt64(p.A);
        w.WriteInt64(p.B);
    };

    public static readonly XdrDecoder<(long, long)> DecodePair = static (ref XdrReader r) => (r.ReadInt64(), r.ReadInt64());
    public static readonly XdrEncoder<(int, int)> EncodeIntPair = static (ref XdrWriter w, (int A, int B) p) =>
    {
        w.WriteInt32(p.A);
        w.WriteInt32(p.B);
    };

    public static readonly XdrDecoder<(int, int)> DecodeIntPair = static (ref XdrReader r) => (r.ReadInt32(), r.ReadInt32());
    public static readonly XdrEncoder<byte[]> EncodeOpaque = static (ref XdrWriter w, byte[] b) => w.WriteOpaque(b);
    public static readonly XdrDecoder<byte[]> DecodeOpaque = static (ref XdrReader r) => r.ReadOpaque();

    public static RpcServiceDefinition Version(uint version) => new RpcServiceDefinition(Program, version, "TESTPROG")
        .AddProcedure(Echo, "ECHO", DecodeString, EncodeString, static (s, _) => ValueTask.FromResult(s))
        .AddProcedure(Add, "ADD", DecodePair, EncodeHyper, static (p, _) => ValueTask.FromResult(p.Item1 + p.Item2))
        .AddProcedure(Sleep, "SLEEP", DecodeIntPair, EncodeInt, static async (p, context) =>
        {
            await Task.Delay(p.Item2, context.CallAborted);
            return p.Item1;
        })
        .AddProcedure<XdrVoid, XdrVoid>(Fail, "FAIL", XdrVoid.Decoder, XdrVoid.Encoder, static (_, _) => throw new InvalidOperationException("the handler failed on purpose"))
        .AddProcedure(Big, "BIG", DecodeInt, EncodeOpaque, static (n, _) => ValueTask.FromResult(Enumerable.Range(0, n).Select(i => (byte)i).ToArray()))
        .AddProcedure(WhoAmI, "WHOAMI", XdrVoid.Decoder, EncodeInt, static (_, context) => ValueTask.FromResult(context.AuthSys is { } sys ? (int)sys.Uid : -1))
        .AddProcedure(Peer, "PEER", XdrVoid.Decoder, EncodeString, static (_, context) => ValueTask.FromResult($"{context.Transport} {context.RemoteEndPoint}"));

    public static RpcServer CreateServer(RpcServerOptions? options = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var server = new RpcServer(options, loggerFactory);
        server.AddService(Version(1));
        server.AddService(Version(3));
        return server;
    }

    public static ValueTask<string> EchoAsync(this IRpcClient client, string text, uint version = 1, CancellationToken cancellationToken = default) =>
        client.CallAsync(Program, version, Echo, text, EncodeString, DecodeString, cancellationToken);

    public static ValueTask<int> SleepAsync(this IRpcClient client, int id, int milliseconds, CancellationToken cancellationToken = default) =>
        client.CallAsync(Program, 1, Sleep, (id, milliseconds), EncodeIntPair, DecodeInt, cancellationToken);

    /// <summary>ECHO through <see cref="IRpcClient.Call"/>, the blocking form.</summary>
    public static string CallEcho(this IRpcClient client, string text, CancellationToken cancellationToken = default) =>
        client.Call(Program, 1, Echo, text, EncodeString, DecodeString, cancellationToken);

    /// <summary>SLEEP through <see cref="IRpcClient.Call"/>, the blocking form.</summary>
    public static int CallSleep(this IRpcClient client, int id, int milliseconds, CancellationToken cancellationToken = default) =>
        client.Call(Program, 1, Sleep, (id, milliseconds), EncodeIntPair, DecodeInt, cancellationToken);

    public static ValueTask<string> PeerAsync(this IRpcClient client) =>
        client.CallAsync(Program, 1, Peer, XdrVoid.Value, XdrVoid.Encoder, DecodeString);

    public static ValueTask<XdrVoid> NullAsync(this IRpcClient client, uint program = Program, uint version = 1) =>
        client.CallAsync(program, version, 0, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder);
}

internal static class TestTimeouts
{
    /// <summary>The bound on every wait in the network tests: generous for a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static Task<T> Bounded<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Wait);

    public static Task Bounded(this Task task) => task.WaitAsync(Wait);

    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Wait);

    /// <summary>Polls <paramref name="condition"/> until it holds or the wait bound passes.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
