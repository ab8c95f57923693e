using System.Buffers;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.Xdr;

public class XdrWriterTests
{
    [Fact]
    public void WriteOpaque_OverItsBound_ThrowsBeforeWritingAnything()
    {
        var output = new ArrayBufferWriter<byte>();

        ArgumentException e = Assert.Throws<ArgumentException>(() =>
        {
            var writer = new XdrWriter(output);
            writer.WriteOpaque(new byte[6], 5);
            writer.Flush();
        });

        Assert.Contains("maximum of 5", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void WriteString_BoundCountsUtf8Bytes_NotCharacters()
    {
        // Two characters, four UTF-8 bytes.
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new XdrWriter(new ArrayBufferWriter<byte>());
            writer.WriteString("\u00e9\u00e9", 3);
        });
    }

    [Fact]
    public void WriteString_LoneSurrogate_IsRefusedRatherThanReplaced()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.ThrowsAny<ArgumentException>(() =>
        {
            var writer = new XdrWriter(output);
            writer.WriteString("a\ud800b");
            writer.Flush();
        });
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void WriteString_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() =>
        {
            var writer = new XdrWriter(new ArrayBufferWriter<byte>());
            writer.WriteString(null!);
        });
    }

    [Fact]
    public void WriteArrays_WrongLengthOrOverBound_Throw()
    {
        XdrEncoder<int> encodeInt = (ref XdrWriter w, int v) => w.WriteInt32(v);

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new XdrWriter(new ArrayBufferWriter<byte>());
            writer.WriteFixedArray<int>([1, 2], 3, encodeInt);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new XdrWriter(new ArrayBufferWriter<byte>());
            writer.WriteVariableArray<int>([1, 2, 3], 2, encodeInt);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new XdrWriter(new ArrayBufferWriter<byte>());
            writer.WriteFixedOpaque([1, 2], 3);
        });
    }

    [Fact]
    public void FixedSpan_TooSmall_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new XdrWriter(new byte[6]);
            writer.WriteInt32(1);
            writer.WriteInt32(2);
        });
    }

    [Fact]
    public void BufferWriter_WithoutFlush_CommitsOnlyWhatItHadToAndFlushCommitsTheRest()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(output);

        writer.WriteInt32(1);
        writer.WriteInt64(2);
        Assert.Equal(12, writer.BytesWritten);
        writer.Flush();

        Assert.Equal(12, output.WrittenCount);
        Assert.Equal("000000010000000000000002", Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void Padding_IsZeroEvenWhenTheBufferHeldGarbage()
    {
        var output = new SegmentedBufferWriter(64);

        var writer = new XdrWriter(output);
        writer.WriteOpaque([0xab]);
        writer.WriteString("xy");
        writer.Flush();

        Assert.Equal("00000001ab000000" + "000000027879" + "0000", Hex.Of(output.WrittenBytes));
    }

    [Fact]
    public void WriteEnum_OfANon32BitEnum_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new XdrWriter(new ArrayBufferWriter<byte>());
            writer.WriteEnum(ByteEnum.One);
        });
    }

    [Fact]
    public void WriteRaw_LargerThanOneSegment_IsCopiedPieceByPiece()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var output = new SegmentedBufferWriter(7);

        var writer = new XdrWriter(output);
        writer.WriteRaw(data);
        writer.Flush();

        Assert.Equal(data, output.WrittenBytes);
        Assert.True(output.GetSpanCalls > 100);
    }

    private enum ByteEnum : byte
    {
        One = 1,
    }
}
