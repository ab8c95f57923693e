using System;
using BenchmarkDotNet.Attributes;
using MiniRpc.Protocol;
using MiniRpc.Xdr;

namespace MiniRpc.Benchmarks;

/// <summary>
/// Issue 8: the msg.x call on the wire. SAVEMSG(string) is procedure 1 of MSGPROG (345678) version MSGVER (2); the
/// call is the RFC 5531 call header with AUTH_NONE plus the XDR string "hello", the reply an accepted SUCCESS reply
/// plus the int result. Buffers are allocated in setup, so the allocation column is the codec's own.
/// </summary>
[MemoryDiagnoser]
public class MessageBenchmarks
{
    private const uint MsgProgram = 345678;
    private const uint MsgVersion = 2;
    private const uint SaveMsgProcedure = 1;

    private readonly byte[] _buffer = new byte[256];
    private byte[] _call = Array.Empty<byte>();
    private byte[] _reply = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _call = _buffer.AsSpan(0, SaveMsgCall_Encode()).ToArray();
        _reply = _buffer.AsSpan(0, SaveMsgReply_Encode()).ToArray();
        if (SaveMsgCall_Decode() != 5 || SaveMsgReply_Decode() != 42)
        {
            throw new InvalidOperationException("The SAVEMSG messages did not round-trip.");
        }
    }

    [Benchmark]
    public int SaveMsgCall_Encode()
    {
        var writer = new XdrWriter(_buffer);
        new CallHeader(0x1234_5678, MsgProgram, MsgVersion, SaveMsgProcedure).Write(ref writer);
        writer.WriteString("hello");
        return writer.BytesWritten;
    }

    [Benchmark]
    public int SaveMsgCall_Decode()
    {
        var reader = new XdrReader(_call);
        CallHeader header = CallHeader.Read(ref reader);
        string message = reader.ReadString();
        reader.ExpectEnd();
        return header.Procedure == SaveMsgProcedure ? message.Length : -1;
    }

    [Benchmark]
    public int SaveMsgReply_Encode()
    {
        var writer = new XdrWriter(_buffer);
        ReplyHeader.Success(0x1234_5678).Write(ref writer);
        writer.WriteInt32(42);
        return writer.BytesWritten;
    }

    [Benchmark]
    public int SaveMsgReply_Decode()
    {
        var reader = new XdrReader(_reply);
        ReplyHeader header = ReplyHeader.Read(ref reader);
        int result = reader.ReadInt32();
        reader.ExpectEnd();
        return header.IsSuccess ? result : -1;
    }
}
