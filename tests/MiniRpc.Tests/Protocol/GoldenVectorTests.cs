using System.Buffers;
using MiniRpc.Protocol;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Transport;
using MiniRpc.Xdr;
using static MiniRpc.Tests.TestSupport.MsgProtocol;

namespace MiniRpc.Tests.Protocol;

/// <summary>
/// Our writer must produce, byte for byte, what libtirpc sent for msg.x (Vectors/msg-libtirpc.tsv), and our reader
/// must read those bytes back to the same values.
/// </summary>
public class GoldenVectorTests
{
    /// <summary>What each vector means: the message our code must produce for it, and how to decode its results.</summary>
    private static readonly Dictionary<(string Name, string Direction), (object Message, object? Value, Results Results)> s_expected = new()
    {
        [("null", "call")] = (new CallHeader(0xcafe0001, MsgProg, MsgVers, Null), null, Results.Void),
        [("null", "reply")] = (ReplyHeader.Success(0xcafe0001), null, Results.Void),
        [("savemsg_hello", "call")] = (new CallHeader(0xcafe0002, MsgProg, MsgVers, SaveMsg), "hello", Results.Void),
        [("savemsg_hello", "reply")] = (ReplyHeader.Success(0xcafe0002), 0, Results.Int),
        [("readmsg_0_hello", "call")] = (new CallHeader(0xcafe0003, MsgProg, MsgVers, ReadMsg), 0, Results.Void),
        [("readmsg_0_hello", "reply")] = (ReplyHeader.Success(0xcafe0003), "hello", Results.String),
        [("readmsg_7_empty", "call")] = (new CallHeader(0xcafe0004, MsgProg, MsgVers, ReadMsg), 7, Results.Void),
        [("readmsg_7_empty", "reply")] = (ReplyHeader.Success(0xcafe0004), string.Empty, Results.String),
        [("null_udp", "call")] = (new CallHeader(0xcafe0005, MsgProg, MsgVers, Null), null, Results.Void),
        [("null_udp", "reply")] = (ReplyHeader.Success(0xcafe0005), null, Results.Void),
        [("savemsg_hello_index1", "call")] = (new CallHeader(0xcafe0006, MsgProg, MsgVers, SaveMsg), "hello", Results.Void),
        [("savemsg_hello_index1", "reply")] = (ReplyHeader.Success(0xcafe0006), 1, Results.Int),
        [("proc3_proc_unavail", "call")] = (new CallHeader(0xcafe0007, MsgProg, MsgVers, 3), null, Results.Void),
        [("proc3_proc_unavail", "reply")] = (ReplyHeader.Accepted(0xcafe0007, AcceptStatus.ProcUnavail), null, Results.Void),
        [("vers3_prog_mismatch", "call")] = (new CallHeader(0xcafe0008, MsgProg, 3, Null), null, Results.Void),
        [("vers3_prog_mismatch", "reply")] = (ReplyHeader.ProgramMismatch(0xcafe0008, 2, 2), null, Results.Void),
        [("prog345679_prog_unavail", "call")] = (new CallHeader(0xcafe0009, MsgProg + 1, MsgVers, Null), null, Results.Void),
        [("prog345679_prog_unavail", "reply")] = (ReplyHeader.Accepted(0xcafe0009, AcceptStatus.ProgUnavail), null, Results.Void),
        [("savemsg_9001_garbage_args", "reply")] = (ReplyHeader.Accepted(0xcafe000a, AcceptStatus.GarbageArgs), null, Results.Void),
    };

    public static TheoryData<string, string, string> Vectors() => GoldenVectors.Keys();

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Writer_EachLibtirpcVector_ProducesTheSameBytes(string name, string transport, string direction)
    {
        GoldenVector vector = GoldenVectors.Get(name, transport, direction);
        (object message, object? value, _) = Expected(vector);

        byte[] ours = message is CallHeader call ? Call(call, value) : Reply((ReplyHeader)message, value);
        if (vector.IsTcp)
        {
            var framed = new ArrayBufferWriter<byte>();
            RecordMarking.WriteRecord(ours, framed);
            ours = framed.WrittenSpan.ToArray();
        }

        Assert.Equal(Hex.Of(vector.Bytes), Hex.Of(ours));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Reader_EachLibtirpcVector_DecodesToTheSameValues(string name, string transport, string direction)
    {
        GoldenVector vector = GoldenVectors.Get(name, transport, direction);
        (object message, object? value, Results results) = Expected(vector);
        ReadOnlySpan<byte> input = vector.Bytes;
        ReadOnlySpan<byte> record = input;
        using var recordReader = new RecordMarkingReader();
        if (vector.IsTcp)
        {
            Assert.True(recordReader.TryReadRecord(ref input, out record));
            Assert.True(input.IsEmpty);
        }

        if (vector.IsCall)
        {
            (CallHeader header, object? argument) = DecodeCall(record);
            Assert.Equal((CallHeader)message, header);
            Assert.Equal(value, argument);
        }
        else
        {
            (ReplyHeader header, object? result) = DecodeReply(record, results);
            Assert.Equal((ReplyHeader)message, header);
            Assert.Equal(value, result);
        }
    }

    [Fact]
    public void SaveMsg64KiB_AsLibtirpcFramesIt_IsTwoFragmentsOf65532And48Bytes()
    {
        // shared/docs/interop-notes.md: libtirpc sends a SAVEMSG with a 65,536-byte string as one 65,580-byte
        // record split into a 65,532-byte fragment (0000fffc) and a 48-byte last fragment.
        string text = new('m', 65536);
        byte[] message = Call(new CallHeader(0xcafe000b, MsgProg, MsgVers, SaveMsg), text);
        var framed = new ArrayBufferWriter<byte>();

        RecordMarking.WriteRecord(message, framed);

        Assert.Equal(65580, message.Length);
        byte[] bytes = framed.WrittenSpan.ToArray();
        Assert.Equal(65588, bytes.Length);
        Assert.Equal("0000fffc", Hex.Of(bytes.AsSpan(0, 4)));
        Assert.Equal("80000030", Hex.Of(bytes.AsSpan(4 + 65532, 4)));

        ReadOnlySpan<byte> input = bytes;
        using var reader = new RecordMarkingReader();
        Assert.True(reader.TryReadRecord(ref input, out ReadOnlySpan<byte> record));
        Assert.Equal(text, DecodeCall(record).Argument);
    }

    [Fact]
    public void VectorFile_HasAnExpectationForEveryRow()
    {
        foreach (GoldenVector vector in GoldenVectors.All)
        {
            Assert.True(s_expected.ContainsKey(Key(vector)), $"no expectation for {vector}");
        }

        Assert.True(GoldenVectors.All.Count >= 19);
    }

    private static (object Message, object? Value, Results Results) Expected(GoldenVector vector) => s_expected[Key(vector)];

    private static (string, string) Key(GoldenVector vector) =>
        (vector.Name == "null" && !vector.IsTcp ? "null_udp" : vector.Name, vector.Direction);
}
