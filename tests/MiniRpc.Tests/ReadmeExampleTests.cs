using System.Buffers;
using MiniRpc.Protocol;
using MiniRpc.Transport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests;

/// <summary>The README's "wire layer in brief" example, kept compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_EncodesFramesReassemblesAndDecodes()
    {
        var message = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(message);
        new CallHeader(xid: 1, program: 345678, version: 2, procedure: 1).Write(ref writer);
        writer.WriteString("hello");
        writer.Flush();

        var framed = new ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(message.WrittenSpan, framed);

        var calls = new List<(CallHeader, string)>();
        using var records = new RecordMarkingReader(maxRecordSize: 1 << 20);
        ReadOnlySpan<byte> received = framed.WrittenSpan;
        while (records.TryReadRecord(ref received, out ReadOnlySpan<byte> record))
        {
            var reader = new XdrReader(record);
            CallHeader call = CallHeader.Read(ref reader);
            string text = reader.ReadString();
            reader.ExpectEnd();
            calls.Add((call, text));
        }

        (CallHeader header, string argument) = Assert.Single(calls);
        Assert.Equal(new CallHeader(1, 345678, 2, 1), header);
        Assert.Equal("hello", argument);
    }
}
