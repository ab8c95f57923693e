using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using MiniRpc.Client;
using MiniRpc.Generators.Tests.TestSupport;
using MiniRpc.Server;
using MiniRpc.Xdr;

namespace MiniRpc.Generators.Tests;

/// <summary>
/// <c>MiniRpcStrings="Bytes"</c>: XDR strings become <c>byte[]</c>, sent and received as they are (C's <c>char *</c>),
/// with the wire form of <c>string</c>. Bytes/bytes.x is compiled that way into the MsgBytes namespace, msg.x the
/// default way into Msg; both define MSGPROG, so each side's client calls the other side's server.
/// </summary>
public sealed class StringsAsBytesTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    /// <summary>"é" in Latin-1: not UTF-8, so a <c>string</c> side refuses it and a <c>byte[]</c> side keeps it.</summary>
    private static readonly byte[] s_latin1 = [0x63, 0x61, 0x66, 0xE9];

    private readonly RpcServer _stringServer = new();
    private readonly RpcServer _bytesServer = new();
    private readonly StringStore _strings = new();
    private readonly BytesStore _bytes = new();
    private IPEndPoint _stringTcp = null!;
    private IPEndPoint _stringUdp = null!;
    private IPEndPoint _bytesTcp = null!;
    private IPEndPoint _bytesUdp = null!;

    public Task InitializeAsync()
    {
        _stringServer.AddService(Msg.MSGPROG.MSGVER.BindService(_strings));
        _bytesServer.AddService(MsgBytes.MSGPROG.MSGVER.BindService(_bytes));
        _stringTcp = _stringServer.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _stringUdp = _stringServer.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        _bytesTcp = _bytesServer.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _bytesUdp = _bytesServer.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stringServer.DisposeAsync();
        await _bytesServer.DisposeAsync();
    }

    [Fact]
    public void Bytes_MakesEveryStringAByteArray_AndTheCodeCompilesClean()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver([new XInput("/p/bytes.x", GeneratorHarness.Read("Bytes/bytes.x"), Strings: "Bytes")]);

        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation("class Placeholder { }"), out Compilation output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string text = Assert.Single(Assert.Single(driver.GetRunResult().Results).GeneratedSources).SourceText.ToString();
        Assert.Contains("SAVEMSGAsync(byte[] arg1", text, StringComparison.Ordinal);
        Assert.Contains("ValueTask<byte[]> READMSG(int arg1", text, StringComparison.Ordinal);
        Assert.Contains("public byte[] text { get; set; }", text, StringComparison.Ordinal);
        Assert.Contains(".ReadStringByteArray(8U)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".ReadString(", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".WriteString(", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("String")]
    [InlineData("string")]
    public void String_IsTheDefault(string? setting)
    {
        string text = GeneratedText(new XInput("/p/msg.x", GeneratorHarness.Read("Inputs/msg.x"), Strings: setting), out _);

        Assert.Equal(GeneratedText(new XInput("/p/msg.x", GeneratorHarness.Read("Inputs/msg.x")), out _), text);
        Assert.Contains("SAVEMSGAsync(string arg1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProjectsSetting_AppliesToEveryFile_AndAFilesOwnSettingWins()
    {
        string msg = GeneratorHarness.Read("Inputs/msg.x");
        GeneratorDriverRunResult result = GeneratorHarness.CreateDriver(
                [new XInput("/p/a/msg.x", msg, "A"), new XInput("/p/b/msg.x", msg, "B", Strings: "String")],
                projectStrings: "Bytes")
            .RunGenerators(GeneratorHarness.CreateCompilation("class Placeholder { }"))
            .GetRunResult();

        string[] texts = Assert.Single(result.Results).GeneratedSources.Select(s => s.SourceText.ToString()).ToArray();
        Assert.Equal(2, texts.Length);
        Assert.Single(texts, t => t.Contains("namespace A", StringComparison.Ordinal) && t.Contains("SAVEMSGAsync(byte[] arg1", StringComparison.Ordinal));
        Assert.Single(texts, t => t.Contains("namespace B", StringComparison.Ordinal) && t.Contains("SAVEMSGAsync(string arg1", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownSetting_IsAnErrorAtTheTopOfTheFile_AndNothingIsGenerated()
    {
        string text = GeneratedText(new XInput("/project/msg.x", GeneratorHarness.Read("Inputs/msg.x"), Strings: "Utf16"), out GeneratorRunResult run);

        Assert.Equal(string.Empty, text);
        Diagnostic error = Assert.Single(run.Diagnostics);
        Assert.Equal("MRPC202", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("/project/msg.x", error.Location.GetLineSpan().Path);
        Assert.Contains("'Utf16'", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Struct_KeepsItsBytes_AndHasTheWireFormOfStrings()
    {
        var value = new MsgBytes.labeled
        {
            text = s_latin1,
            name = new MsgBytes.short_name("ab"u8.ToArray()),
            tags = [new MsgBytes.short_name("x"u8.ToArray()), new MsgBytes.short_name([])],
            blob = [1, 2, 3],
        };

        byte[] encoded = KitchenSinkValues.Encode(value, MsgBytes.labeled.Encode);

        Assert.Equal(
            "00000004636166e9" + "000000026162" + "0000" + "00000002" + "0000000178000000" + "00000000" + "00000003010203" + "00",
            Convert.ToHexStringLower(encoded));
        MsgBytes.labeled decoded = KitchenSinkValues.Decode(encoded, MsgBytes.labeled.Decode);
        Assert.Equal(value, decoded);
        Assert.Equal(value.GetHashCode(), decoded.GetHashCode());
        Assert.NotEqual(value, new MsgBytes.labeled { text = s_latin1, name = new MsgBytes.short_name("ac"u8.ToArray()), tags = value.tags, blob = value.blob });
    }

    [Fact]
    public void Bounds_AreCheckedInBytes_BothWays()
    {
        Assert.Throws<ArgumentException>(() => KitchenSinkValues.Encode(new MsgBytes.short_name("123456789"u8.ToArray()), MsgBytes.short_name.Encode));
        Assert.Throws<ArgumentException>(() => KitchenSinkValues.Encode(new MsgBytes.labeled { tags = new MsgBytes.short_name[5] }, MsgBytes.labeled.Encode));

        byte[] nine = Convert.FromHexString("00000009" + "313233343536373839000000");
        var e = Assert.Throws<XdrFormatException>(() => KitchenSinkValues.Decode(nine, MsgBytes.short_name.Decode));
        Assert.Equal(XdrError.LengthExceedsMaximum, e.Error);
    }

    [Fact]
    public void ADefaultInstance_EncodesAsEmptyStrings()
    {
        Assert.Equal("00000000" + "00000000" + "00000000" + "00000000", Convert.ToHexStringLower(KitchenSinkValues.Encode(new MsgBytes.labeled(), MsgBytes.labeled.Encode)));
        Assert.Empty(new MsgBytes.short_name().Value);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task BytesClient_AndStringServer_UnderstandEachOther(string transport)
    {
        await using IRpcClient rpc = await ConnectAsync(transport, _stringTcp, _stringUdp);
        var client = new MsgBytes.MSGPROG.MSGVER.Client(rpc);
        byte[] utf8 = Encoding.UTF8.GetBytes("héllo, wörld");

        int index = await client.SAVEMSGAsync(utf8).AsTask().WaitAsync(s_wait);

        Assert.Equal("héllo, wörld", _strings.Messages[index]);
        Assert.Equal(utf8, await client.READMSGAsync(index).AsTask().WaitAsync(s_wait));
        Assert.Equal(utf8, await Task.Run(() => client.READMSG(index)).WaitAsync(s_wait));

        // The bytes go out as they are; the string server refuses what is not UTF-8, as it should.
        await Assert.ThrowsAsync<RpcGarbageArgumentsException>(() => client.SAVEMSGAsync(s_latin1).AsTask().WaitAsync(s_wait));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task StringClient_AndBytesServer_UnderstandEachOther_AndTheServerKeepsAnyBytes(string transport)
    {
        await using IRpcClient stringRpc = await ConnectAsync(transport, _bytesTcp, _bytesUdp);
        await using IRpcClient bytesRpc = await ConnectAsync(transport, _bytesTcp, _bytesUdp);
        var strings = new Msg.MSGPROG.MSGVER.Client(stringRpc);
        var bytes = new MsgBytes.MSGPROG.MSGVER.Client(bytesRpc);

        int text = await strings.SAVEMSGAsync("héllo").AsTask().WaitAsync(s_wait);
        int latin1 = await bytes.SAVEMSGAsync(s_latin1).AsTask().WaitAsync(s_wait);

        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), _bytes.Messages[text]);
        Assert.Equal("héllo", await strings.READMSGAsync(text).AsTask().WaitAsync(s_wait));
        Assert.Equal(s_latin1, _bytes.Messages[latin1]);
        Assert.Equal(s_latin1, await bytes.READMSGAsync(latin1).AsTask().WaitAsync(s_wait));

        // A string client cannot take a reply that is not UTF-8: it says so, and the connection goes on.
        var e = await Assert.ThrowsAsync<RpcProtocolException>(() => strings.READMSGAsync(latin1).AsTask().WaitAsync(s_wait));
        Assert.Equal(XdrError.InvalidUtf8, Assert.IsType<XdrFormatException>(e.InnerException).Error);
        Assert.Equal("héllo", await strings.READMSGAsync(text).AsTask().WaitAsync(s_wait));
    }

    [Fact]
    public async Task A64KiBMessage_GoesBothWaysByteForByte()
    {
        await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(_bytesTcp).AsTask().WaitAsync(s_wait);
        var client = new MsgBytes.MSGPROG.MSGVER.Client(rpc);
        byte[] message = new byte[65536];
        new Random(8).NextBytes(message);

        int index = await Task.Run(() => client.SAVEMSG(message)).WaitAsync(s_wait);

        Assert.Equal(message, _bytes.Messages[index]);
        Assert.Equal(message, await client.READMSGAsync(index).AsTask().WaitAsync(s_wait));
    }

    private static async Task<IRpcClient> ConnectAsync(string transport, IPEndPoint tcp, IPEndPoint udp) =>
        transport == "tcp" ? await RpcClient.ConnectTcpAsync(tcp).AsTask().WaitAsync(s_wait) : RpcClient.CreateUdp(udp);

    private static string GeneratedText(XInput input, out GeneratorRunResult run)
    {
        run = Assert.Single(GeneratorHarness.CreateDriver([input]).RunGenerators(GeneratorHarness.CreateCompilation("class Placeholder { }")).GetRunResult().Results);
        return run.GeneratedSources.IsEmpty ? string.Empty : Assert.Single(run.GeneratedSources).SourceText.ToString();
    }

    private sealed class StringStore : Msg.MSGPROG.MSGVER.IService
    {
        private int _count;

        public ConcurrentDictionary<int, string> Messages { get; } = new();

        public ValueTask<int> SAVEMSG(string arg1, RpcCallContext context)
        {
            int index = Interlocked.Increment(ref _count) - 1;
            Messages[index] = arg1;
            return ValueTask.FromResult(index);
        }

        public ValueTask<string> READMSG(int arg1, RpcCallContext context) => ValueTask.FromResult(Messages.GetValueOrDefault(arg1, string.Empty));
    }

    private sealed class BytesStore : MsgBytes.MSGPROG.MSGVER.IService
    {
        private int _count;

        public ConcurrentDictionary<int, byte[]> Messages { get; } = new();

        public ValueTask<int> SAVEMSG(byte[] arg1, RpcCallContext context)
        {
            int index = Interlocked.Increment(ref _count) - 1;
            Messages[index] = arg1;
            return ValueTask.FromResult(index);
        }

        public ValueTask<byte[]> READMSG(int arg1, RpcCallContext context) => ValueTask.FromResult(Messages.GetValueOrDefault(arg1, []));
    }
}
