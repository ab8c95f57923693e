using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;
using static MiniRpc.Tests.TestSupport.XdrEncoding;

namespace MiniRpc.Tests.Xdr;

public class XdrMalformedInputTests
{
    private static readonly XdrReadFunc<int> s_readOpaque = (ref XdrReader r) => r.ReadOpaque().Length;
    private static readonly XdrReadFunc<int> s_readString = (ref XdrReader r) => r.ReadString().Length;
    private static readonly XdrReadFunc<int> s_readStringBytes = (ref XdrReader r) => r.ReadStringBytes().Length;
    private static readonly XdrReadFunc<int> s_readStringByteArray = (ref XdrReader r) => r.ReadStringByteArray().Length;
    private static readonly XdrReadFunc<int> s_readArray = (ref XdrReader r) => r.ReadVariableArray(XdrSize.Unbounded, (ref XdrReader x) => x.ReadInt32()).Length;

    public static TheoryData<string> UnboundedReaders() => ["opaque", "string", "stringBytes", "stringByteArray", "array"];

    [Theory]
    [MemberData(nameof(UnboundedReaders))]
    public void Length_0xFFFFFFFFInA50ByteMessage_FailsAtOnceWithoutAllocating(string kind)
    {
        byte[] message = new byte[50];
        message[0] = message[1] = message[2] = message[3] = 0xff;
        XdrReadFunc<int> read = Reader(kind);
        DecodeFails(message, read); // warm up the JIT and the exception path

        long before = GC.GetAllocatedBytesForCurrentThread();
        XdrFormatException e = DecodeFails(message, read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(XdrError.LengthExceedsRemaining, e.Error);
        Assert.Equal(0, e.Offset);
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated for a rejected length");
    }

    [Theory]
    [InlineData("opaque")]
    [InlineData("string")]
    [InlineData("stringByteArray")]
    [InlineData("array")]
    public void Length_OverDeclaredMaximum_IsRejectedBeforeReadingData(string kind)
    {
        // 6 elements/bytes against a bound of 5, with plenty of data behind: the bound alone must reject it.
        byte[] message = Encode((ref XdrWriter w) =>
        {
            w.WriteUInt32(6);
            w.WriteRaw(new byte[24]);
        });

        XdrFormatException e = kind switch
        {
            "opaque" => DecodeFails(message, (ref XdrReader r) => r.ReadOpaque(5).Length),
            "string" => DecodeFails(message, (ref XdrReader r) => r.ReadString(5).Length),
            "stringByteArray" => DecodeFails(message, (ref XdrReader r) => r.ReadStringByteArray(5).Length),
            _ => DecodeFails(message, (ref XdrReader r) => r.ReadVariableArray(5, (ref XdrReader x) => x.ReadInt32()).Length),
        };

        Assert.Equal(XdrError.LengthExceedsMaximum, e.Error);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void ArrayLength_CountWhoseElementsCannotFit_IsRejectedBeforeAllocating()
    {
        // 1,000,000 hypers announced in a 20-byte message.
        byte[] message = Encode((ref XdrWriter w) =>
        {
            w.WriteUInt32(1_000_000);
            w.WriteInt64(1);
            w.WriteInt64(2);
        });

        XdrFormatException e = DecodeFails(message, (ref XdrReader r) => r.ReadVariableArray(XdrSize.Unbounded, (ref XdrReader x) => x.ReadInt64(), minElementSize: 8).Length);

        Assert.Equal(XdrError.LengthExceedsRemaining, e.Error);
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(0xffffffffu)]
    [InlineData(0x80000000u)]
    [InlineData(0x00000100u)]
    public void Bool_OtherThanZeroOrOne_IsMalformed(uint value)
    {
        byte[] message = Encode((ref XdrWriter w) =>
        {
            w.WriteInt32(7);
            w.WriteUInt32(value);
        });

        XdrFormatException e = DecodeFails(message, (ref XdrReader r) => r.ReadInt32() + (r.ReadBoolean() ? 1 : 0));

        Assert.Equal(XdrError.InvalidBoolean, e.Error);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void OptionalFlag_OtherThanZeroOrOne_IsMalformed()
    {
        byte[] message = Hex.Parse("00000002 00000005");

        XdrFormatException e = DecodeFails(message, (ref XdrReader r) => r.ReadOptionalValue((ref XdrReader x) => x.ReadInt32()) ?? 0);

        Assert.Equal(XdrError.InvalidBoolean, e.Error);
    }

    [Theory]
    [InlineData("opaque", 1, 1)]
    [InlineData("opaque", 1, 3)]
    [InlineData("opaque", 2, 2)]
    [InlineData("opaque", 3, 1)]
    [InlineData("string", 1, 2)]
    [InlineData("string", 3, 1)]
    [InlineData("fixed", 1, 3)]
    [InlineData("fixed", 2, 1)]
    public void Padding_NonZeroByte_IsMalformed(string kind, int length, int dirtyPaddingByte)
    {
        byte[] message = kind == "fixed"
            ? Encode((ref XdrWriter w) => w.WriteFixedOpaque(new byte[length]))
            : Encode((ref XdrWriter w) => w.WriteOpaque(Enumerable.Repeat((byte)'a', length).ToArray()));
        int paddingStart = (kind == "fixed" ? 0 : 4) + length;
        if (paddingStart + dirtyPaddingByte - 1 >= message.Length)
        {
            return; // no such padding byte for this length
        }

        message[paddingStart + dirtyPaddingByte - 1] = 0x20;

        XdrFormatException e = kind switch
        {
            "opaque" => DecodeFails(message, s_readOpaque),
            "string" => DecodeFails(message, s_readString),
            _ => DecodeFails(message, (ref XdrReader r) => r.ReadFixedOpaque(length).Length),
        };

        Assert.Equal(XdrError.NonZeroPadding, e.Error);
        Assert.Equal(paddingStart, e.Offset);
    }

    [Fact]
    public void Enum_UndeclaredValue_IsMalformed()
    {
        byte[] message = Hex.Parse("00000002");

        XdrFormatException e = DecodeFails(message, (ref XdrReader r) => r.ReadEnum<XdrRoundTripTests.Color>());

        Assert.Equal(XdrError.InvalidEnumValue, e.Error);
        Assert.Contains("Color", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00000001ff000000")]
    [InlineData("00000002c3280000")]
    [InlineData("00000003eda08000")]
    public void String_InvalidUtf8_IsMalformedButReadableAsBytes(string hex)
    {
        byte[] message = Hex.Parse(hex);

        XdrFormatException e = DecodeFails(message, s_readString);

        Assert.Equal(XdrError.InvalidUtf8, e.Error);
        Assert.Equal(4, e.Offset);
        Assert.Equal(message[4], Decode(message, (ref XdrReader r) => r.ReadStringBytes()[0]));
    }

    [Fact]
    public void ExpectEnd_WithBytesLeft_ReportsTrailingBytesAtTheirOffset()
    {
        byte[] message = Hex.Parse("00000001 00000002");

        XdrFormatException e = DecodeFails(message, (ref XdrReader r) => r.ReadInt32());

        Assert.Equal(XdrError.TrailingBytes, e.Error);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void EveryType_TruncatedAtEveryOffset_FailsWithTruncationError()
    {
        XdrWriteAction writeAll = (ref XdrWriter w) =>
        {
            w.WriteInt32(-1);
            w.WriteUInt32(2);
            w.WriteInt64(-3);
            w.WriteUInt64(4);
            w.WriteSingle(5.5f);
            w.WriteDouble(6.25);
            w.WriteBoolean(true);
            w.WriteEnum(XdrRoundTripTests.Color.Negative);
            w.WriteFixedOpaque([1, 2, 3], 3);
            w.WriteOpaque([4, 5, 6, 7, 8]);
            w.WriteString("h\u00e9llo");
            w.WriteFixedArray<int>([9, 10], 2, (ref XdrWriter x, int v) => x.WriteInt32(v));
            w.WriteVariableArray<string>(["a", "bc"], 4, (ref XdrWriter x, string v) => x.WriteString(v));
            w.WriteOptional<string>("z", (ref XdrWriter x, string v) => x.WriteString(v));
            w.WriteOptionalValue<long>(11, (ref XdrWriter x, long v) => x.WriteInt64(v));
        };
        XdrReadFunc<string> readAll = (ref XdrReader r) =>
            string.Join(
                "|",
                r.ReadInt32(),
                r.ReadUInt32(),
                r.ReadInt64(),
                r.ReadUInt64(),
                r.ReadSingle(),
                r.ReadDouble(),
                r.ReadBoolean(),
                r.ReadEnum<XdrRoundTripTests.Color>(),
                Hex.Of(r.ReadFixedOpaque(3)),
                Hex.Of(r.ReadOpaque(8)),
                r.ReadString(16),
                string.Join(",", r.ReadFixedArray(2, (ref XdrReader x) => x.ReadInt32())),
                string.Join(",", r.ReadVariableArray(4, (ref XdrReader x) => x.ReadString())),
                r.ReadOptional((ref XdrReader x) => x.ReadString()),
                r.ReadOptionalValue((ref XdrReader x) => x.ReadInt64()));
        byte[] message = Encode(writeAll);
        Assert.Equal("-1|2|-3|4|5.5|6.25|True|Negative|010203|0405060708|h\u00e9llo|9,10|a,bc|z|11", Decode(message, readAll));

        for (int length = 0; length < message.Length; length++)
        {
            XdrFormatException e = DecodeFails(message.AsSpan(0, length).ToArray(), readAll);

            Assert.True(
                e.Error is XdrError.Truncated or XdrError.LengthExceedsRemaining,
                $"cut at {length}: {e.Error} ({e.Message})");
            Assert.InRange(e.Offset, 0, length);
        }
    }

    [Fact]
    public void Exception_Message_SaysWhatAndWhere()
    {
        XdrFormatException e = DecodeFails(Hex.Parse("000000"), (ref XdrReader r) => r.ReadInt32());

        Assert.Equal(XdrError.Truncated, e.Error);
        Assert.Equal("Malformed XDR at offset 0: 4 bytes are needed but 3 remain.", e.Message);
    }

    private static XdrReadFunc<int> Reader(string kind) => kind switch
    {
        "opaque" => s_readOpaque,
        "string" => s_readString,
        "stringBytes" => s_readStringBytes,
        "stringByteArray" => s_readStringByteArray,
        _ => s_readArray,
    };
}
