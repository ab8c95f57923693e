using System.Buffers;
using MiniRpc.Internal;
using MiniRpc.Transport;

namespace MiniRpc.Tests.Transport;

/// <summary>The record an encoded message goes out as: framed in place, byte for byte what RecordMarking writes.</summary>
public class PooledBufferWriterTests
{
    [Theory]
    [InlineData(0, 65_532)]
    [InlineData(40, 65_532)]
    [InlineData(65_532, 65_532)]      // one full fragment: the mark in front, nothing moves
    [InlineData(65_533, 65_532)]      // one byte over: a second fragment of one byte
    [InlineData(65_564, 65_532)]      // READMSG's 64 KiB reply
    [InlineData(200_000, 65_532)]     // four fragments, the last one short
    [InlineData(196_596, 65_532)]     // exactly three full fragments
    [InlineData(23, 5)]
    [InlineData(4096, 7)]             // the buffer grows while framing
    public void GetRecord_IsWhatRecordMarkingWrites_AndTheSameWhenAskedAgain(int length, int maxFragmentLength)
    {
        byte[] message = Enumerable.Range(0, length).Select(i => (byte)(i * 31 + (i >> 8))).ToArray();
        var expected = new ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(message, expected, maxFragmentLength);
        PooledBufferWriter writer = PooledBufferWriter.Rent();
        try
        {
            message.CopyTo(writer.GetSpan(length));
            writer.Advance(length);

            Assert.Equal(length, writer.MessageLength);
            Assert.Equal(expected.WrittenSpan.ToArray(), writer.GetRecord(maxFragmentLength).ToArray());
            Assert.Equal(expected.WrittenSpan.ToArray(), writer.GetRecord(maxFragmentLength).ToArray()); // a resend
            Assert.Equal(length, writer.MessageLength);
        }
        finally
        {
            PooledBufferWriter.Return(writer);
        }
    }

    [Fact]
    public void AfterFramingInSeveralFragments_TheMessageIsNoLongerOffered_UntilReused()
    {
        PooledBufferWriter writer = PooledBufferWriter.Rent();
        try
        {
            writer.GetSpan(30).Slice(0, 30).Fill(0xab);
            writer.Advance(30);
            writer.GetRecord(8);

            Assert.Throws<InvalidOperationException>(() => writer.Message);
            Assert.Throws<InvalidOperationException>(() => writer.GetRecord(16));

            writer.Reset();
            writer.GetSpan(3).Slice(0, 3).Fill(1);
            writer.Advance(3);
            Assert.Equal(new byte[] { 1, 1, 1 }, writer.Message.ToArray());
            Assert.Equal(new byte[] { 0x80, 0, 0, 3, 1, 1, 1 }, writer.GetRecord(8).ToArray());
        }
        finally
        {
            PooledBufferWriter.Return(writer);
        }
    }
}
