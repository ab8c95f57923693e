using System.Buffers;
using MiniRpc.Protocol;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.TestSupport;

/// <summary>msg.x written out by hand, as the generator will later: MSGPROG 345678, version 2, SAVEMSG 1, READMSG 2.</summary>
internal static class MsgProtocol
{
    public const uint MsgProg = 345678;
    public const uint MsgVers = 2;
    public const uint Null = 0;
    public const uint SaveMsg = 1;
    public const uint ReadMsg = 2;

    /// <summary>What a procedure's results are, so that a reply can be decoded.</summary>
    public enum Results
    {
        Void,
        Int,
        String,
    }

    public static byte[] Message(XdrWriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Call(CallHeader header, object? argument) => Message((ref XdrWriter w) =>
    {
        header.Write(ref w);
        WriteValue(ref w, argument);
    });

    public static byte[] Reply(ReplyHeader header, object? result) => Message((ref XdrWriter w) =>
    {
        header.Write(ref w);
        WriteValue(ref w, result);
    });

    /// <summary>Decodes a whole call to msg.x: header, the procedure's argument, and nothing after it.</summary>
    public static (CallHeader Header, object? Argument) DecodeCall(ReadOnlySpan<byte> message)
    {
        var reader = new XdrReader(message);
        CallHeader header = CallHeader.Read(ref reader);
        object? argument = header.Program == MsgProg && header.Version == MsgVers
            ? header.Procedure switch
            {
                SaveMsg => reader.ReadString(),
                ReadMsg => reader.ReadInt32(),
                _ => null,
            }
            : null;
        reader.ExpectEnd();
        return (header, argument);
    }

    /// <summary>Decodes a whole reply: header, the results when it is SUCCESS, and nothing after them.</summary>
    public static (ReplyHeader Header, object? Result) DecodeReply(ReadOnlySpan<byte> message, Results results)
    {
        var reader = new XdrReader(message);
        ReplyHeader header = ReplyHeader.Read(ref reader);
        object? result = header.IsSuccess
            ? results switch
            {
                Results.Int => reader.ReadInt32(),
                Results.String => reader.ReadString(),
                _ => null,
            }
            : null;
        reader.ExpectEnd();
        return (header, result);
    }

    private static void WriteValue(ref XdrWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case int i:
                writer.WriteInt32(i);
                break;
            case string s:
                writer.WriteString(s);
                break;
            default:
                throw new ArgumentException($"msg.x has no {value.GetType()} values");
        }
    }
}
