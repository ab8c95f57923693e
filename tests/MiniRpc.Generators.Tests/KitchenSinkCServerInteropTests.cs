using System.Net;
using KitchenSink;
using MiniRpc.Client;
using MiniRpc.Generators.Tests.TestSupport;
using MiniRpc.Xdr;

namespace MiniRpc.Generators.Tests;

/// <summary>
/// Our client stubs generated from kitchensink.x against ks_server: rpcgen's dispatchers and libtirpc, with the
/// procedures of KitchenSink/ks_server.c, built at test time. One C server per test, killed at its end.
/// </summary>
public sealed class KitchenSinkCServerInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private KitchenSinkCServer _server = null!;

    public async Task InitializeAsync() => _server = await KitchenSinkCServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task EveryProcedure_AgainstRpcgenServer_ReturnsTheExpectedResults(string transport)
    {
        await using IRpcClient rpc = await ConnectAsync(_server.EndPoint(transport), transport);
        var v1 = new KSPROG.KSVERS1.Client(rpc);
        var v2 = new KSPROG.KSVERS2.Client(rpc);

        await v1.KS_NULLAsync().AsTask().WaitAsync(s_wait);
        ks_everything everything = await v1.KS_ECHOAsync(KitchenSinkValues.Everything()).AsTask().WaitAsync(s_wait);
        ks_everything sparse = await v1.KS_ECHOAsync(KitchenSinkValues.Sparse()).AsTask().WaitAsync(s_wait);
        long sum = await v1.KS_ADDAsync(2_000_000_000L, 3_000_000_000L).AsTask().WaitAsync(s_wait);
        long negativeSum = await v1.KS_ADDAsync(-9_000_000_000_000_000_000L, -1).AsTask().WaitAsync(s_wait);
        ks_result message = await v1.KS_CHECKAsync(-3, "n", ks_color.KS_GREEN).AsTask().WaitAsync(s_wait);
        ks_result longestName = await v1.KS_CHECKAsync(-3, KitchenSinkInteropValues.LongestName, ks_color.KS_INFRARED).AsTask().WaitAsync(s_wait);
        ks_result code = await v1.KS_CHECKAsync(7, "x", ks_color.KS_RED).AsTask().WaitAsync(s_wait);
        ks_result negativeCode = await v1.KS_CHECKAsync(-100, string.Empty, ks_color.KS_ULTRA).AsTask().WaitAsync(s_wait);
        ks_node reversedPair = await v2.KS_REVERSEAsync(KitchenSinkInteropValues.Pair()).AsTask().WaitAsync(s_wait);
        ks_node reversedList = await v2.KS_REVERSEAsync(KitchenSinkInteropValues.List(100)).AsTask().WaitAsync(s_wait);
        await v2.KS_PINGAsync().AsTask().WaitAsync(s_wait);
        await v2.NullProcedureAsync().AsTask().WaitAsync(s_wait);

        Assert.Equal(KitchenSinkValues.Everything(), everything);
        Assert.Equal(KitchenSinkValues.Sparse(), sparse);
        Assert.Equal(5_000_000_000L, sum);
        Assert.Equal(-9_000_000_000_000_000_001L, negativeSum);
        Assert.Equal(new ks_result.CaseMinus3 { message = "n:KS_GREEN" }, message);
        Assert.Equal(new ks_result.CaseMinus3 { message = $"{KitchenSinkInteropValues.LongestName}:KS_INFRARED" }, longestName);
        Assert.Equal(new ks_result.Default(7) { code = 7 }, code);
        Assert.Equal(new ks_result.Default(-100) { code = -100 }, negativeCode);
        Assert.Equal(new ks_node { value = 2, label = "b", next = new ks_node { value = 1, label = "a" } }, reversedPair);
        Assert.Equal(KitchenSinkInteropValues.ReversedList(100), reversedList);
    }

    [Fact]
    public async Task Echo_64KiBBlobOverTcp_ComesBackFromRpcgenServerInSeveralFragments()
    {
        await using var tap = new RecordMarkingTap(_server.Tcp);
        await using IRpcClient rpc = await ConnectAsync(tap.EndPoint, "tcp");
        var v1 = new KSPROG.KSVERS1.Client(rpc);

        ks_everything echoed = await v1.KS_ECHOAsync(KitchenSinkInteropValues.Big()).AsTask().WaitAsync(s_wait);

        Assert.Equal(KitchenSinkInteropValues.Big(), echoed);
        int[] reply = Assert.Single(tap.Replies);
        Assert.True(reply.Length > 1, $"libtirpc sent the {reply.Sum()}-byte reply as fragments of {string.Join(", ", reply)} bytes");
    }

    [Fact]
    public async Task ManyCallsInFlight_OnOneTcpConnection_AreAllAnsweredByRpcgenServer()
    {
        await using IRpcClient rpc = await ConnectAsync(_server.Tcp, "tcp");
        var v1 = new KSPROG.KSVERS1.Client(rpc);

        long[] sums = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => v1.KS_ADDAsync(i, 1_000_000_000_000L).AsTask())).WaitAsync(s_wait);

        Assert.Equal(Enumerable.Range(0, 32).Select(i => i + 1_000_000_000_000L), sums);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task UnknownProcedure_AgainstRpcgenServer_IsProcedureUnavailable(string transport)
    {
        await using IRpcClient rpc = await ConnectAsync(_server.EndPoint(transport), transport);

        await Assert.ThrowsAsync<RpcProcedureUnavailableException>(() =>
            rpc.CallAsync(KSPROG.Program, KSPROG.KSVERS1.Version, 99, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).AsTask().WaitAsync(s_wait));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task UnknownVersion_AgainstRpcgenServer_ReportsVersions1To2(string transport)
    {
        await using IRpcClient rpc = await ConnectAsync(_server.EndPoint(transport), transport);

        var e = await Assert.ThrowsAsync<RpcProgramMismatchException>(() =>
            rpc.CallAsync(KSPROG.Program, 3, 0, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).AsTask().WaitAsync(s_wait));

        Assert.Equal(1u, e.Low);
        Assert.Equal(2u, e.High);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task UnknownProgram_AgainstRpcgenServer_IsProgramUnavailable(string transport)
    {
        await using IRpcClient rpc = await ConnectAsync(_server.EndPoint(transport), transport);

        await Assert.ThrowsAsync<RpcProgramUnavailableException>(() =>
            rpc.CallAsync(KSPROG.Program + 1, 1, 0, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).AsTask().WaitAsync(s_wait));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Check_StatusWithAnArmOfItsOwn_IsSystemErrorFromRpcgenServer(string transport)
    {
        await using IRpcClient rpc = await ConnectAsync(_server.EndPoint(transport), transport);
        var v1 = new KSPROG.KSVERS1.Client(rpc);

        await Assert.ThrowsAsync<RpcSystemErrorException>(() => v1.KS_CHECKAsync(1, "x", ks_color.KS_BLUE).AsTask().WaitAsync(s_wait));
    }

    // Over TCP only: libtirpc's UDP server reads past the end of a short datagram and accepts it (interop-notes.md).
    [Fact]
    public async Task ShortArgumentsOverTcp_AreGarbageArgsForRpcgenServer()
    {
        await using IRpcClient rpc = await ConnectAsync(_server.Tcp, "tcp");

        await Assert.ThrowsAsync<RpcGarbageArgumentsException>(() =>
            rpc.CallAsync(KSPROG.Program, KSPROG.KSVERS1.Version, KSPROG.KSVERS1.KS_ADD, 1, static (ref XdrWriter w, int v) => w.WriteInt32(v), XdrVoid.Decoder)
                .AsTask()
                .WaitAsync(s_wait));
    }

    private static async Task<IRpcClient> ConnectAsync(IPEndPoint endPoint, string transport) =>
        transport == "tcp" ? await RpcClient.ConnectTcpAsync(endPoint).AsTask().WaitAsync(s_wait) : RpcClient.CreateUdp(endPoint);
}
