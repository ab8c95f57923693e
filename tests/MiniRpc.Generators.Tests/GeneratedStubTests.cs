using System.Net;
using KitchenSink;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Xdr;

namespace MiniRpc.Generators.Tests;

/// <summary>The client stubs and service bindings generated from kitchensink.x, over real sockets on loopback.</summary>
public sealed class GeneratedStubTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly RpcServer _server = new();
    private IPEndPoint _tcp = null!;
    private IPEndPoint _udp = null!;

    public Task InitializeAsync()
    {
        var service = new KitchenSinkService();
        _server.AddService(KSPROG.KSVERS1.BindService(service));
        _server.AddService(KSPROG.KSVERS2.BindService(service));
        _tcp = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _udp = _server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task EveryProcedureShape_WorksThroughTheGeneratedStubs(string transport)
    {
        await using IRpcClient rpc = transport == "tcp" ? await RpcClient.ConnectTcpAsync(_tcp).AsTask().WaitAsync(s_wait) : RpcClient.CreateUdp(_udp);
        var v1 = new KSPROG.KSVERS1.Client(rpc);
        var v2 = new KSPROG.KSVERS2.Client(rpc);

        await v1.KS_NULLAsync().AsTask().WaitAsync(s_wait);
        Assert.Equal(KitchenSinkValues.Everything(), await v1.KS_ECHOAsync(KitchenSinkValues.Everything()).AsTask().WaitAsync(s_wait));
        Assert.Equal(KitchenSinkValues.Sparse(), await v1.KS_ECHOAsync(KitchenSinkValues.Sparse()).AsTask().WaitAsync(s_wait));
        Assert.Equal(5_000_000_000L, await v1.KS_ADDAsync(2_000_000_000L, 3_000_000_000L).AsTask().WaitAsync(s_wait));
        Assert.Equal(new ks_result.CaseMinus3 { message = "n:KS_GREEN" }, await v1.KS_CHECKAsync(-3, "n", ks_color.KS_GREEN).AsTask().WaitAsync(s_wait));
        Assert.Equal(new ks_result.Default(7) { code = 7 }, await v1.KS_CHECKAsync(7, "x", ks_color.KS_RED).AsTask().WaitAsync(s_wait));
        ks_node reversed = await v2.KS_REVERSEAsync(new ks_node { value = 1, label = "a", next = new ks_node { value = 2, label = "b" } }).AsTask().WaitAsync(s_wait);
        Assert.Equal(new ks_node { value = 2, label = "b", next = new ks_node { value = 1, label = "a" } }, reversed);
        await v2.KS_PINGAsync().AsTask().WaitAsync(s_wait);
        await v2.NullProcedureAsync().AsTask().WaitAsync(s_wait);
        Assert.Equal(3L, await Task.Run(() => v1.KS_ADD(1, 2)).WaitAsync(s_wait));
    }

    [Fact]
    public async Task UnknownVersion_ReportsTheVersionsTheServerHas()
    {
        await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(_tcp).AsTask().WaitAsync(s_wait);

        var e = await Assert.ThrowsAsync<RpcProgramMismatchException>(() =>
            rpc.CallAsync(KSPROG.Program, 3, 0, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).AsTask().WaitAsync(s_wait));

        Assert.Equal(1u, e.Low);
        Assert.Equal(2u, e.High);
    }

    [Fact]
    public async Task ArgumentsOverTheirBounds_FailBeforeAnythingIsSent()
    {
        await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(_tcp).AsTask().WaitAsync(s_wait);
        var client = new KSPROG.KSVERS1.Client(rpc);
        ks_everything tooLongName = KitchenSinkValues.Everything();
        tooLongName.name = new string('n', 33);
        ks_everything wrongFixedLength = KitchenSinkValues.Everything();
        wrongFixedLength.fixed_points = [KitchenSinkValues.Point(0, 0)];
        ks_everything tooManyPoints = KitchenSinkValues.Everything();
        tooManyPoints.points = Enumerable.Range(0, 9).Select(i => KitchenSinkValues.Point(i, i)).ToArray();

        Assert.Throws<ArgumentException>(() => { _ = client.KS_ECHOAsync(tooLongName); });
        Assert.Throws<ArgumentException>(() => { _ = client.KS_ECHOAsync(wrongFixedLength); });
        Assert.Throws<ArgumentException>(() => { _ = client.KS_ECHOAsync(tooManyPoints); });
        Assert.Equal(KitchenSinkValues.Everything(), await client.KS_ECHOAsync(KitchenSinkValues.Everything()).AsTask().WaitAsync(s_wait));
    }

    [Fact]
    public void UnionArms_RefuseDiscriminantsThatAreNotTheirs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ks_result.Default(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ks_result.Case1(3));
        Assert.Equal(2, new ks_result.Case1(2).status);
        Assert.Equal(1, new ks_result.Case1().status);
        Assert.DoesNotContain(new ks_result.Default().status, new[] { 0, 1, 2, -3 });
    }

    [Fact]
    public void Match_RunsTheFunctionOfTheArm()
    {
        ks_shape shape = KitchenSinkValues.Green();

        string what = shape.Match(onKS_RED: r => "red", onKS_GREEN: g => $"green {g.corners.Length}", onKS_BLUE: b => "blue", onDefault: d => "other");

        Assert.Equal("green 2", what);
    }

    [Theory]
    [InlineData("00000005", XdrError.InvalidEnumValue)]
    [InlineData("00000003 00000001", XdrError.InvalidDiscriminant)]
    [InlineData("00000002 00000000", XdrError.InvalidBoolean)]
    public void MalformedInput_IsAnXdrFormatException(string hex, XdrError error)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        XdrFormatException e = error switch
        {
            XdrError.InvalidEnumValue => Assert.Throws<XdrFormatException>(() => KitchenSinkValues.Decode(bytes, ks_colorXdr.Decode)),
            XdrError.InvalidDiscriminant => Assert.Throws<XdrFormatException>(() => KitchenSinkValues.Decode(bytes, ks_either.Decode)),
            _ => Assert.Throws<XdrFormatException>(() => KitchenSinkValues.Decode(bytes, ks_maybe.Decode)),
        };

        Assert.Equal(error, e.Error);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void LinkedList_100000Long_EncodesDecodesAndComparesWithoutRecursion()
    {
        ks_node? head = null;
        for (int i = 99_999; i >= 0; i--)
        {
            head = new ks_node { value = i, label = "n", next = head };
        }

        byte[] bytes = KitchenSinkValues.Encode(head!, ks_node.Encode);
        ks_node decoded = KitchenSinkValues.Decode(bytes, ks_node.Decode);

        Assert.Equal(100_000 * 16, bytes.Length);
        Assert.Equal(head, decoded);
        Assert.Equal(head!.GetHashCode(), decoded.GetHashCode());
    }
}
