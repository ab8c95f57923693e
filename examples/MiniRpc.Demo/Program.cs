// The msg.x demo, as far as the foundation goes: it builds MSGPROG's calls and replies with the XDR and RPC
// message codecs, frames them with record marking as TCP would carry them, reassembles them from small pieces
// and decodes them again. Transports, stubs and the in-process server arrive with the next issues.
using System;
using System.Buffers;
using MiniRpc.Protocol;
using MiniRpc.Transport;
using MiniRpc.Xdr;

const uint MsgProg = 345678;
const uint MsgVers = 2;
const uint SaveMsg = 1;
const uint ReadMsg = 2;

Console.WriteLine("MiniRpc demo: msg.x (MSGPROG 345678, version 2) messages, byte for byte as libtirpc sends them");
Console.WriteLine();

Show("SAVEMSG(\"hello\") call", Call(0xcafe0002, SaveMsg, (ref XdrWriter w) => w.WriteString("hello")));
Show("SAVEMSG reply: index 0", Reply(ReplyHeader.Success(0xcafe0002), (ref XdrWriter w) => w.WriteInt32(0)));
Show("READMSG(0) call", Call(0xcafe0003, ReadMsg, (ref XdrWriter w) => w.WriteInt32(0)));
Show("READMSG reply: \"hello\"", Reply(ReplyHeader.Success(0xcafe0003), (ref XdrWriter w) => w.WriteString("hello")));
Show("version 3 -> PROG_MISMATCH(2, 2)", Reply(ReplyHeader.ProgramMismatch(0xcafe0008, 2, 2), null));

var credential = new AuthSysParameters(stamp: 1, machineName: "demo-host", uid: 1000, gid: 1000, gids: [1000, 27]).ToOpaqueAuth();
Show("NULL call with AUTH_SYS credentials", Call(0xcafe000b, 0, null, credential));

// A 64 KiB message travels as two fragments, as libtirpc sends it: 65,532 bytes, then the last 48.
byte[] big = Call(0xcafe000c, SaveMsg, (ref XdrWriter w) => w.WriteString(new string('m', 65536)));
var framed = new ArrayBufferWriter<byte>();
RecordMarking.WriteRecord(big, framed);
Console.WriteLine($"SAVEMSG with a 65,536-byte string: a {big.Length}-byte record, {framed.WrittenCount} bytes framed:");
ReadOnlySpan<byte> stream = framed.WrittenSpan;
int offset = 0;
while (offset < stream.Length)
{
    int length = RecordMarking.ReadHeader(stream.Slice(offset), out bool isLast);
    Console.WriteLine($"  fragment header {Convert.ToHexStringLower(stream.Slice(offset, 4))}: {length} bytes{(isLast ? ", last" : "")}");
    offset += RecordMarking.HeaderSize + length;
}

// Reassemble it from 1,000-byte pieces, as a socket might deliver it.
using var reader = new RecordMarkingReader();
int pieces = 0;
for (int start = 0; start < stream.Length; start += 1000)
{
    ReadOnlySpan<byte> piece = stream.Slice(start, Math.Min(1000, stream.Length - start));
    pieces++;
    while (reader.TryReadRecord(ref piece, out ReadOnlySpan<byte> record))
    {
        var xdr = new XdrReader(record);
        CallHeader header = CallHeader.Read(ref xdr);
        string text = xdr.ReadString();
        xdr.ExpectEnd();
        Console.WriteLine($"  reassembled from {pieces} pieces: {header}, a string of {text.Length} characters");
    }
}

Console.WriteLine();
Console.WriteLine("Done: every message decoded back to what was encoded.");
return 0;

static byte[] Call(uint xid, uint procedure, BodyWriter? arguments, OpaqueAuth credential = default)
{
    var buffer = new ArrayBufferWriter<byte>();
    var writer = new XdrWriter(buffer);
    new CallHeader(xid, MsgProg, MsgVers, procedure, credential).Write(ref writer);
    arguments?.Invoke(ref writer);
    writer.Flush();
    return buffer.WrittenSpan.ToArray();
}

static byte[] Reply(ReplyHeader header, BodyWriter? results)
{
    var buffer = new ArrayBufferWriter<byte>();
    var writer = new XdrWriter(buffer);
    header.Write(ref writer);
    results?.Invoke(ref writer);
    writer.Flush();
    return buffer.WrittenSpan.ToArray();
}

static void Show(string title, byte[] message)
{
    var framed = new ArrayBufferWriter<byte>();
    RecordMarking.WriteRecord(message, framed);
    Console.WriteLine($"{title}: {framed.WrittenCount} bytes on TCP");
    Console.WriteLine($"  {Convert.ToHexStringLower(framed.WrittenSpan)}");

    // Decode what was framed: record marking first, then the RPC header.
    ReadOnlySpan<byte> input = framed.WrittenSpan;
    using var reader = new RecordMarkingReader();
    if (!reader.TryReadRecord(ref input, out ReadOnlySpan<byte> record))
    {
        throw new InvalidOperationException("the record did not reassemble");
    }

    var xdr = new XdrReader(record);
    RpcMessageHeader header = RpcMessageHeader.Read(ref xdr);
    string decoded = header.Type == MessageType.Call
        ? CallHeader.ReadBody(header.Xid, ref xdr).ToString()
        : ReplyHeader.ReadBody(header.Xid, ref xdr).ToString();
    Console.WriteLine($"  decoded: {decoded}; {xdr.Remaining} bytes of arguments/results follow");
    Console.WriteLine();
}

/// <summary>Writes a procedure's arguments or results after the RPC header.</summary>
internal delegate void BodyWriter(ref XdrWriter writer);
