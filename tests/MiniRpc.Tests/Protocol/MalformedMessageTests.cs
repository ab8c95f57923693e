using MiniRpc.Protocol;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;
using static MiniRpc.Tests.TestSupport.MsgProtocol;

namespace MiniRpc.Tests.Protocol;

/// <summary>
/// Damaged versions of real messages (libtirpc's msg.x vectors): whatever the damage, decoding either succeeds or
/// raises <see cref="XdrFormatException"/>; no other exception, no hang.
/// </summary>
public class MalformedMessageTests
{
    public static TheoryData<string, string, string> Vectors() => GoldenVectors.Keys();

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Message_TruncatedAtEveryByteOffset_FailsWithXdrFormatException(string name, string transport, string direction)
    {
        GoldenVector vector = GoldenVectors.Get(name, transport, direction);
        byte[] message = Payload(vector);
        Decode(vector, message); // the whole message decodes

        for (int length = 0; length < message.Length; length++)
        {
            byte[] cut = message.AsSpan(0, length).ToArray();

            XdrFormatException e = Assert.Throws<XdrFormatException>(() => Decode(vector, cut));

            Assert.True(e.Error is XdrError.Truncated or XdrError.LengthExceedsRemaining, $"cut at {length}: {e.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Message_WithRandomBytesChanged_DecodesOrFailsWithXdrFormatException(string name, string transport, string direction)
    {
        GoldenVector vector = GoldenVectors.Get(name, transport, direction);
        byte[] original = Payload(vector);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) ^ direction.Length);
        int failures = 0;

        for (int round = 0; round < 2000; round++)
        {
            byte[] damaged = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                Decode(vector, damaged);
            }
            catch (XdrFormatException)
            {
                failures++;
            }
        }

        Assert.True(failures > 0, "2,000 random damages and not one was detected: the decoder checks nothing");
    }

    [Fact]
    public void Call_WithTrailingBytesAfterTheArguments_IsMalformed()
    {
        byte[] message = [.. Call(new CallHeader(1, MsgProg, MsgVers, ReadMsg), 5), 0, 0, 0, 0];

        XdrFormatException e = Assert.Throws<XdrFormatException>(() => DecodeCall(message));

        Assert.Equal(XdrError.TrailingBytes, e.Error);
        Assert.Equal(44, e.Offset);
    }

    [Fact]
    public void Call_WithAHugeCredentialLength_FailsAtThatLength()
    {
        // xid, CALL, rpcvers, prog, vers, proc, AUTH_SYS with a body length of 0xFFFFFFFF.
        byte[] message = Hex.Parse("00000001 00000000 00000002 0005464e 00000002 00000001 00000001 ffffffff 00000000");

        XdrFormatException e = Assert.Throws<XdrFormatException>(() => DecodeCall(message));

        Assert.Equal(XdrError.LengthExceedsMaximum, e.Error);
        Assert.Equal(28, e.Offset);
    }

    private static byte[] Payload(GoldenVector vector) => vector.IsTcp ? vector.Bytes[4..] : vector.Bytes;

    private static void Decode(GoldenVector vector, byte[] message)
    {
        if (vector.IsCall)
        {
            DecodeCall(message);
        }
        else
        {
            DecodeReply(message, vector.Name.Split('_')[0] switch
            {
                "readmsg" => Results.String,
                "savemsg" => Results.Int,
                _ => Results.Void,
            });
        }
    }
}
