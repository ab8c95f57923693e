using System.Net;
using MiniRpc.Client;
using MiniRpc.Protocol;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Rpc;

/// <summary>Each RFC 5531 error reply, produced by our server and surfaced by our client as its typed exception.</summary>
public sealed class ErrorReplyTests : IAsyncLifetime
{
    private readonly RpcServer _server = TestService.CreateServer(new RpcServerOptions
    {
        // Only uid 0 may call ECHO with AUTH_SYS: the hook of the "only root may SAVEMSG" kind.
        Authorize = context => context.Procedure == TestService.Echo && context.AuthSys is { Uid: not 0 } ? AuthStat.TooWeak : AuthStat.Ok,
    });

    private IPEndPoint _tcp = null!;
    private IPEndPoint _udp = null!;

    public Task InitializeAsync()
    {
        _tcp = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _udp = _server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Transports() => ["tcp", "udp"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnknownProgram_IsProgUnavail(string transport)
    {
        await using IRpcClient client = await Connect(transport);

        var e = await Assert.ThrowsAsync<RpcProgramUnavailableException>(() => client.NullAsync(program: 0x2000_0999).Bounded());

        Assert.Equal(AcceptStatus.ProgUnavail, e.Reply.AcceptStatus);
        Assert.Equal(0x2000_0999u, e.Call.Program);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnknownVersion_IsProgMismatchWithLowestAndHighest(string transport)
    {
        await using IRpcClient client = await Connect(transport);

        var e = await Assert.ThrowsAsync<RpcProgramMismatchException>(() => client.NullAsync(version: 2).Bounded());

        Assert.Equal(1u, e.Low);
        Assert.Equal(3u, e.High);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnknownProcedure_IsProcUnavail(string transport)
    {
        await using IRpcClient client = await Connect(transport);

        var e = await Assert.ThrowsAsync<RpcProcedureUnavailableException>(() =>
            client.CallAsync(TestService.Program, 1, 99, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).Bounded());

        Assert.Equal(99u, e.Call.Procedure);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ArgumentsThatDoNotDecodeOrHaveTrailingBytes_AreGarbageArgs(string transport)
    {
        await using IRpcClient client = await Connect(transport);

        // ECHO takes a string: a bare 0xFFFFFFFF length does not decode; a string and 4 extra bytes leave bytes over.
        await Assert.ThrowsAsync<RpcGarbageArgumentsException>(() =>
            client.CallAsync(TestService.Program, 1, TestService.Echo, -1, TestService.EncodeInt, TestService.DecodeString).Bounded());
        await Assert.ThrowsAsync<RpcGarbageArgumentsException>(() =>
            client.CallAsync(TestService.Program, 1, TestService.Echo, ("ab", 7), static (ref XdrWriter w, (string S, int I) a) =>
            {
                w.WriteString(a.S);
                w.WriteInt32(a.I);
            }, TestService.DecodeString).Bounded());
        await Assert.ThrowsAsync<RpcGarbageArgumentsException>(() =>
            client.CallAsync(TestService.Program, 1, 0, 5, TestService.EncodeInt, XdrVoid.Decoder).Bounded());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task HandlerThatThrows_IsSystemErrAndTheServerKeepsServing(string transport)
    {
        await using IRpcClient client = await Connect(transport);

        await Assert.ThrowsAsync<RpcSystemErrorException>(() =>
            client.CallAsync(TestService.Program, 1, TestService.Fail, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).Bounded());

        Assert.Equal("still here", await client.EchoAsync("still here").Bounded());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task AuthorizeHookRefusing_IsAuthErrorWithItsStatus(string transport)
    {
        var user = new AuthSysParameters(0, "host", 1000, 1000).ToOpaqueAuth();
        var root = new AuthSysParameters(0, "host", 0, 0).ToOpaqueAuth();
        await using IRpcClient asUser = await Connect(transport, new RpcClientOptions { Credential = user });
        await using IRpcClient asRoot = await Connect(transport, new RpcClientOptions { Credential = root });

        var e = await Assert.ThrowsAsync<RpcAuthenticationException>(() => asUser.EchoAsync("x").Bounded());

        Assert.Equal(AuthStat.TooWeak, e.AuthStat);
        Assert.Equal(RejectStatus.AuthError, e.Reply.RejectStatus);
        Assert.Equal("x", await asRoot.EchoAsync("x").Bounded());
        Assert.Equal(1000, await asUser.CallAsync(TestService.Program, 1, TestService.WhoAmI, XdrVoid.Value, XdrVoid.Encoder, TestService.DecodeInt).Bounded());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnsupportedFlavor_IsAuthRejectedCred_AndMalformedAuthSysIsAuthBadCred(string transport)
    {
        await using IRpcClient unknownFlavor = await Connect(transport, new RpcClientOptions { Credential = new OpaqueAuth((AuthFlavor)390003, new byte[] { 1, 2, 3, 4 }) });
        await using IRpcClient badSys = await Connect(transport, new RpcClientOptions { Credential = new OpaqueAuth(AuthFlavor.Sys, new byte[] { 0, 0, 0, 1 }) });

        var rejected = await Assert.ThrowsAsync<RpcAuthenticationException>(() => unknownFlavor.EchoAsync("x").Bounded());
        var bad = await Assert.ThrowsAsync<RpcAuthenticationException>(() => badSys.EchoAsync("x").Bounded());

        Assert.Equal(AuthStat.RejectedCred, rejected.AuthStat);
        Assert.Equal(AuthStat.BadCred, bad.AuthStat);
    }

    [Fact]
    public async Task RpcVersion3_IsRpcMismatch2To2()
    {
        using RawTcpPeer peer = await RawTcpPeer.ConnectAsync(_tcp);

        await peer.SendRecordAsync(MsgProtocol.Message((ref XdrWriter w) => new CallHeader(0xabcd, 3, TestService.Program, 1, 0, default, default).Write(ref w)));
        byte[]? reply = await peer.ReceiveRecordAsync();

        Assert.NotNull(reply);
        var reader = new XdrReader(reply);
        ReplyHeader header = ReplyHeader.Read(ref reader);
        Assert.Equal(ReplyHeader.RpcMismatch(0xabcd, 2, 2), header);
        var exception = RpcReplyException.FromReply(header, new RpcCallInfo(TestService.Program, 1, 0, 0xabcd));
        Assert.IsType<RpcVersionMismatchException>(exception);
        Assert.Equal(2u, ((RpcVersionMismatchException)exception).High);
    }

    private async Task<IRpcClient> Connect(string transport, RpcClientOptions? options = null) => transport == "tcp"
        ? await RpcClient.ConnectTcpAsync(_tcp, options).AsTask().Bounded()
        : RpcClient.CreateUdp(_udp, options);
}
