using MiniRpc.Protocol;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;
using static MiniRpc.Tests.TestSupport.XdrEncoding;

namespace MiniRpc.Tests.Protocol;

public class RpcMessageTests
{
    public static TheoryData<string, string> EveryReply() => new()
    {
        { "success", "cafe0001 00000001 00000000 00000000 00000000 00000000" },
        { "prog_unavail", "cafe0001 00000001 00000000 00000000 00000000 00000001" },
        { "prog_mismatch", "cafe0001 00000001 00000000 00000000 00000000 00000002 00000002 00000004" },
        { "proc_unavail", "cafe0001 00000001 00000000 00000000 00000000 00000003" },
        { "garbage_args", "cafe0001 00000001 00000000 00000000 00000000 00000004" },
        { "system_err", "cafe0001 00000001 00000000 00000000 00000000 00000005" },
        { "rpc_mismatch", "cafe0001 00000001 00000001 00000000 00000002 00000002" },
        { "auth_error", "cafe0001 00000001 00000001 00000001 00000005" },
    };

    [Theory]
    [MemberData(nameof(EveryReply))]
    public void ReplyHeader_EveryStatus_EncodesPerRfc5531AndRoundTrips(string kind, string hex)
    {
        ReplyHeader reply = kind switch
        {
            "success" => ReplyHeader.Success(0xcafe0001),
            "prog_unavail" => ReplyHeader.Accepted(0xcafe0001, AcceptStatus.ProgUnavail),
            "prog_mismatch" => ReplyHeader.ProgramMismatch(0xcafe0001, 2, 4),
            "proc_unavail" => ReplyHeader.Accepted(0xcafe0001, AcceptStatus.ProcUnavail),
            "garbage_args" => ReplyHeader.Accepted(0xcafe0001, AcceptStatus.GarbageArgs),
            "system_err" => ReplyHeader.Accepted(0xcafe0001, AcceptStatus.SystemErr),
            "rpc_mismatch" => ReplyHeader.RpcMismatch(0xcafe0001),
            "auth_error" => ReplyHeader.AuthError(0xcafe0001, AuthStat.TooWeak),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        byte[] bytes = Encode((ref XdrWriter w) => reply.Write(ref w));

        Assert.Equal(Hex.Of(Hex.Parse(hex)), Hex.Of(bytes));
        ReplyHeader decoded = Decode(bytes, (ref XdrReader r) => ReplyHeader.Read(ref r));
        Assert.Equal(reply, decoded);
        Assert.Equal(kind == "success", decoded.IsSuccess);
    }

    [Fact]
    public void ReplyHeader_AcceptedWithProgMismatch_NeedsTheVersions()
    {
        Assert.Throws<ArgumentException>(() => ReplyHeader.Accepted(1, AcceptStatus.ProgMismatch));
        Assert.Throws<ArgumentException>(() => ReplyHeader.Accepted(1, (AcceptStatus)17));
    }

    [Fact]
    public void ReplyHeader_AuthErrorWithAnUnlistedAuthStat_KeepsTheNumber()
    {
        byte[] bytes = Hex.Parse("00000001 00000001 00000001 00000001 00000063");

        ReplyHeader reply = Decode(bytes, (ref XdrReader r) => ReplyHeader.Read(ref r));

        Assert.Equal(RejectStatus.AuthError, reply.RejectStatus);
        Assert.Equal((AuthStat)99, reply.AuthStat);
    }

    [Fact]
    public void CallHeader_WithAuthSysAndAVerifier_RoundTrips()
    {
        var credential = new AuthSysParameters(7, "host", 0, 0, [1, 2, 3]).ToOpaqueAuth();
        var verifier = new OpaqueAuth((AuthFlavor)390004, new byte[] { 1, 2, 3, 4, 5 });
        var call = new CallHeader(0x01020304, 100000, 4, 3, credential, verifier);

        byte[] bytes = Encode((ref XdrWriter w) => call.Write(ref w));

        Assert.Equal(call.EncodedLength, bytes.Length);
        CallHeader decoded = Decode(bytes, (ref XdrReader r) => CallHeader.Read(ref r));
        Assert.Equal(call, decoded);
        Assert.Equal((AuthFlavor)390004, decoded.Verifier.Flavor);
        Assert.True(decoded.IsSupportedRpcVersion);
    }

    [Fact]
    public void CallHeader_WithRpcVersion3_StopsAfterTheVersionSoTheServerCanAnswerRpcMismatch()
    {
        // xid, CALL, rpcvers 3, then bytes that need not follow version 2's layout.
        byte[] bytes = Hex.Parse("cafe0001 00000000 00000003 ffffffff ffffffff");
        var reader = new XdrReader(bytes);

        CallHeader call = CallHeader.Read(ref reader);

        Assert.False(call.IsSupportedRpcVersion);
        Assert.Equal(3u, call.RpcVersion);
        Assert.Equal(0xcafe0001u, call.Xid);
        Assert.Equal(12, reader.Position);
    }

    [Fact]
    public void AuthSys_AsLibtirpcEncodesIt_IsTheSameBytes()
    {
        // xdr_authunix_parms from libtirpc 1.3.3 for stamp 0x5f5e1000, "demo-host", uid 1000, gid 1000, gids {1000, 27}.
        const string libtirpc = "5f5e10000000000964656d6f2d686f7374000000000003e8000003e800000002000003e80000001b";
        var parameters = new AuthSysParameters(0x5f5e1000, "demo-host", 1000, 1000, [1000, 27]);

        OpaqueAuth credential = parameters.ToOpaqueAuth();

        Assert.Equal(AuthFlavor.Sys, credential.Flavor);
        Assert.Equal(libtirpc, Hex.Of(credential.Body.Span));
        AuthSysParameters decoded = AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, Hex.Parse(libtirpc)));
        Assert.Equal(0x5f5e1000u, decoded.Stamp);
        Assert.Equal("demo-host", decoded.MachineName);
        Assert.Equal(1000u, decoded.Uid);
        Assert.Equal(1000u, decoded.Gid);
        Assert.Equal([1000u, 27u], decoded.Gids);
    }

    [Fact]
    public void AuthSys_AtItsBounds_FitsIn400BytesAndRoundTrips()
    {
        var parameters = new AuthSysParameters(uint.MaxValue, new string('m', 255), uint.MaxValue, 0, Enumerable.Range(0, 16).Select(i => (uint)i));

        OpaqueAuth credential = parameters.ToOpaqueAuth();

        Assert.Equal(340, credential.Body.Length);
        AuthSysParameters decoded = AuthSysParameters.FromOpaqueAuth(credential);
        Assert.Equal(new string('m', 255), decoded.MachineName);
        Assert.Equal(16, decoded.Gids.Count);
    }

    [Fact]
    public void AuthSys_OverItsBounds_IsRefusedWhenBuilt()
    {
        Assert.Throws<ArgumentException>(() => new AuthSysParameters(0, new string('m', 256), 0, 0));
        Assert.Throws<ArgumentException>(() => new AuthSysParameters(0, "h", 0, 0, new uint[17]));
    }

    [Fact]
    public void AuthSys_BodyWith17GroupsOrTrailingBytes_IsMalformed()
    {
        byte[] seventeen = Encode((ref XdrWriter w) =>
        {
            w.WriteUInt32(0);
            w.WriteString("h");
            w.WriteUInt32(0);
            w.WriteUInt32(0);
            w.WriteUInt32(17);
            w.WriteRaw(new byte[17 * 4]);
        });
        byte[] trailing = [.. new AuthSysParameters(0, "h", 0, 0).ToOpaqueAuth().Body.ToArray(), 0, 0, 0, 0];

        XdrFormatException tooMany = Assert.Throws<XdrFormatException>(() => AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, seventeen)));
        XdrFormatException extra = Assert.Throws<XdrFormatException>(() => AuthSysParameters.FromOpaqueAuth(new OpaqueAuth(AuthFlavor.Sys, trailing)));

        Assert.Equal(XdrError.LengthExceedsMaximum, tooMany.Error);
        Assert.Equal(XdrError.TrailingBytes, extra.Error);
        Assert.Throws<ArgumentException>(() => AuthSysParameters.FromOpaqueAuth(OpaqueAuth.None));
    }

    [Fact]
    public void OpaqueAuth_BodyOver400Bytes_IsRefusedBothWays()
    {
        Assert.Throws<ArgumentException>(() => new OpaqueAuth(AuthFlavor.Sys, new byte[401]));
        byte[] onWire = Encode((ref XdrWriter w) =>
        {
            w.WriteInt32(1);
            w.WriteOpaque(new byte[401]);
        });

        XdrFormatException e = DecodeFails(onWire, (ref XdrReader r) => OpaqueAuth.Read(ref r));

        Assert.Equal(XdrError.LengthExceedsMaximum, e.Error);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void OpaqueAuth_400ByteBodyAndUnknownFlavor_RoundTrip()
    {
        var auth = new OpaqueAuth((AuthFlavor)0x7fffffff, Enumerable.Range(0, 400).Select(i => (byte)i).ToArray());

        byte[] bytes = Encode((ref XdrWriter w) => auth.Write(ref w));

        Assert.Equal(auth, Decode(bytes, (ref XdrReader r) => OpaqueAuth.Read(ref r)));
        Assert.Equal(auth.GetHashCode(), Decode(bytes, (ref XdrReader r) => OpaqueAuth.Read(ref r)).GetHashCode());
    }

    [Theory]
    [InlineData("cafe0001 00000002", 4)]
    [InlineData("cafe0001 ffffffff", 4)]
    public void MessageHeader_UnknownMessageType_IsMalformedAtItsOffset(string hex, int offset)
    {
        XdrFormatException e = DecodeFails(Hex.Parse(hex), (ref XdrReader r) => RpcMessageHeader.Read(ref r));

        Assert.Equal(XdrError.InvalidDiscriminant, e.Error);
        Assert.Equal(offset, e.Offset);
    }

    [Theory]
    [InlineData("cafe0001 00000001 00000002", XdrError.InvalidDiscriminant, 8)]
    [InlineData("cafe0001 00000001 00000000 00000000 00000000 00000006", XdrError.InvalidEnumValue, 20)]
    [InlineData("cafe0001 00000001 00000001 00000002", XdrError.InvalidDiscriminant, 12)]
    [InlineData("cafe0001 00000000 00000002 00000001 00000001 00000000 00000000 00000000 00000000 00000000", XdrError.InvalidDiscriminant, 4)]
    public void ReplyHeader_UnknownStatusesOrACall_AreMalformed(string hex, XdrError error, int offset)
    {
        XdrFormatException e = DecodeFails(Hex.Parse(hex), (ref XdrReader r) => ReplyHeader.Read(ref r));

        Assert.Equal(error, e.Error);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void CallHeader_ReadingAReply_IsMalformed()
    {
        XdrFormatException e = DecodeFails(Hex.Parse("cafe0001 00000001 00000000 00000000 00000000 00000000"), (ref XdrReader r) => CallHeader.Read(ref r));

        Assert.Equal(XdrError.InvalidDiscriminant, e.Error);
        Assert.Equal(4, e.Offset);
    }
}
