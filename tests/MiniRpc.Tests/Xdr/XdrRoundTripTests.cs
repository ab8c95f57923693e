using MiniRpc.Tests.TestSupport;
using MiniRpc.Xdr;
using static MiniRpc.Tests.TestSupport.XdrEncoding;

namespace MiniRpc.Tests.Xdr;

public class XdrRoundTripTests
{
    public enum Color
    {
        Red = 0,
        Green = 1,
        Negative = -5,
        Large = int.MaxValue,
    }

    [Theory]
    [InlineData(int.MinValue, "80000000")]
    [InlineData(-1, "ffffffff")]
    [InlineData(0, "00000000")]
    [InlineData(1, "00000001")]
    [InlineData(int.MaxValue, "7fffffff")]
    public void Int32_EdgeValues_RoundTripBigEndian(int value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteInt32(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadInt32()));
    }

    [Theory]
    [InlineData(0u, "00000000")]
    [InlineData(0x80000000u, "80000000")]
    [InlineData(uint.MaxValue, "ffffffff")]
    public void UInt32_EdgeValues_RoundTrip(uint value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteUInt32(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadUInt32()));
    }

    [Theory]
    [InlineData(long.MinValue, "8000000000000000")]
    [InlineData(-2L, "fffffffffffffffe")]
    [InlineData(0x0102030405060708L, "0102030405060708")]
    [InlineData(long.MaxValue, "7fffffffffffffff")]
    public void Hyper_EdgeValues_RoundTrip(long value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteInt64(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadInt64()));
    }

    [Theory]
    [InlineData(0UL, "0000000000000000")]
    [InlineData(ulong.MaxValue, "ffffffffffffffff")]
    public void UnsignedHyper_EdgeValues_RoundTrip(ulong value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteUInt64(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadUInt64()));
    }

    [Theory]
    [InlineData(1.0f, "3f800000")]
    [InlineData(-2.5f, "c0200000")]
    [InlineData(float.PositiveInfinity, "7f800000")]
    [InlineData(float.NegativeInfinity, "ff800000")]
    [InlineData(float.MaxValue, "7f7fffff")]
    [InlineData(float.Epsilon, "00000001")]
    [InlineData(-0.0f, "80000000")]
    public void Float_EdgeValues_RoundTripAsIeeeSingle(float value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteSingle(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(Decode(bytes, (ref XdrReader r) => r.ReadSingle())));
    }

    [Theory]
    [InlineData(1.0, "3ff0000000000000")]
    [InlineData(double.PositiveInfinity, "7ff0000000000000")]
    [InlineData(double.NegativeInfinity, "fff0000000000000")]
    [InlineData(double.MinValue, "ffefffffffffffff")]
    [InlineData(double.Epsilon, "0000000000000001")]
    [InlineData(-0.0, "8000000000000000")]
    public void Double_EdgeValues_RoundTripAsIeeeDouble(double value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteDouble(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(Decode(bytes, (ref XdrReader r) => r.ReadDouble())));
    }

    [Fact]
    public void FloatAndDouble_NaNWithPayload_KeepEveryBit()
    {
        float quietNaN = BitConverter.Int32BitsToSingle(0x7fc00123);
        double negativeNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xfff8000000abcdefUL));

        byte[] bytes = Encode((ref XdrWriter w) =>
        {
            w.WriteSingle(quietNaN);
            w.WriteDouble(negativeNaN);
        });

        Assert.Equal("7fc00123fff8000000abcdef", Hex.Of(bytes));
        var reader = new XdrReader(bytes);
        Assert.Equal(0x7fc00123, BitConverter.SingleToInt32Bits(reader.ReadSingle()));
        Assert.Equal(unchecked((long)0xfff8000000abcdefUL), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(true, "00000001")]
    [InlineData(false, "00000000")]
    public void Bool_BothValues_RoundTripAsOneAndZero(bool value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteBoolean(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadBoolean()));
    }

    [Theory]
    [InlineData(Color.Red, "00000000")]
    [InlineData(Color.Green, "00000001")]
    [InlineData(Color.Negative, "fffffffb")]
    [InlineData(Color.Large, "7fffffff")]
    public void Enum_DeclaredValues_RoundTripAsSignedInt(Color value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteEnum(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadEnum<Color>()));
    }

    [Fact]
    public void Void_WritesAndReadsNothing()
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteVoid());

        Assert.Empty(bytes);
        Assert.True(Decode(bytes, (ref XdrReader r) =>
        {
            r.ReadVoid();
            return true;
        }));
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "01000000")]
    [InlineData(2, "01020000")]
    [InlineData(3, "01020300")]
    [InlineData(4, "01020304")]
    [InlineData(5, "0102030405000000")]
    [InlineData(8, "0102030405060708")]
    public void FixedOpaque_EveryPadding_PadsWithZerosAndRoundTrips(int length, string hex)
    {
        byte[] data = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteFixedOpaque(data, length));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(data, Decode(bytes, (ref XdrReader r) => r.ReadFixedOpaque(length)));
    }

    [Theory]
    [InlineData(0, "00000000")]
    [InlineData(1, "00000001ff000000")]
    [InlineData(3, "00000003ffffff00")]
    [InlineData(4, "00000004ffffffff")]
    public void VariableOpaque_ShortLengths_CarryLengthAndZeroPadding(int length, string hex)
    {
        byte[] data = Enumerable.Repeat((byte)0xff, length).ToArray();

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteOpaque(data, 4));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(data, Decode(bytes, (ref XdrReader r) => r.ReadOpaque(4)));
    }

    [Fact]
    public void VariableOpaque_64KiB_RoundTripsWithoutCopyOnSpanRead()
    {
        byte[] data = new byte[65536];
        new Random(42).NextBytes(data);

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteOpaque(data));

        Assert.Equal(4 + 65536, bytes.Length);
        var reader = new XdrReader(bytes);
        ReadOnlySpan<byte> slice = reader.ReadOpaqueSpan();
        Assert.True(slice.SequenceEqual(data));
        Assert.True(slice.Overlaps(bytes), "the span read should be a slice of the message, not a copy");
    }

    [Theory]
    [InlineData("", "00000000")]
    [InlineData("hello", "0000000568656c6c6f000000")]
    [InlineData("line1\nline2", "0000000b6c696e65310a6c696e653200")]
    [InlineData("h\u00e9", "0000000368c3a900")]
    [InlineData("\u20ac\U0001D11E", "00000007e282acf09d849e00")]
    public void String_AsciiAndNonAscii_EncodesUtf8AndRoundTrips(string value, string hex)
    {
        byte[] bytes = Encode((ref XdrWriter w) => w.WriteString(value));

        Assert.Equal(hex, Hex.Of(bytes));
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadString()));
    }

    [Fact]
    public void String_ExactlyAtItsBound_RoundTrips()
    {
        // The bound counts UTF-8 bytes: "\u00e9" is two of them.
        string value = new string('a', 253) + "\u00e9";

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteString(value, 255));

        Assert.Equal(4 + 256, bytes.Length);
        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadString(255)));
    }

    [Fact]
    public void String_LongNonAsciiThroughTinySegments_EncodesEveryCharacterWhole()
    {
        string value = string.Concat(Enumerable.Repeat("a\u00e9\u20ac\U0001F600", 500));

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteString(value));

        Assert.Equal(value, Decode(bytes, (ref XdrReader r) => r.ReadString()));
    }

    [Fact]
    public void StringBytes_Latin1_AreCarriedByteForByte()
    {
        byte[] latin1 = [0x63, 0x61, 0x66, 0xe9];

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteStringBytes(latin1, 10));

        Assert.Equal("00000004636166e9", Hex.Of(bytes));
        Assert.Equal(latin1, Decode(bytes, (ref XdrReader r) => r.ReadStringBytes(10).ToArray()));
        Assert.Equal(latin1, Decode(bytes, (ref XdrReader r) => r.ReadStringByteArray(10)));
    }

    [Fact]
    public void ByteArrays_OfEveryLength_AreExactCopies_AndEmptyIsTheSharedEmptyArray()
    {
        // The copies are not zeroed before they are filled: every byte must still be the message's.
        foreach (int length in new[] { 1, 3, 2047, 2048, 4096, 65536, 100_000 })
        {
            byte[] data = new byte[length];
            new Random(length).NextBytes(data);
            byte[] bytes = Encode((ref XdrWriter w) => w.WriteOpaque(data));

            Assert.Equal(data, Decode(bytes, (ref XdrReader r) => r.ReadOpaque()));
            Assert.Equal(data, Decode(bytes, (ref XdrReader r) => r.ReadStringByteArray()));
            Assert.Equal(data, Decode(bytes[4..], (ref XdrReader r) => r.ReadFixedOpaque(length)));
        }

        byte[] empty = Encode((ref XdrWriter w) => w.WriteOpaque([]));
        Assert.Same(Array.Empty<byte>(), Decode(empty, (ref XdrReader r) => r.ReadOpaque()));
        Assert.Same(Array.Empty<byte>(), Decode(empty, (ref XdrReader r) => r.ReadStringByteArray()));
    }

    [Fact]
    public void FixedArray_OfInts_HasNoCount()
    {
        int[] values = [int.MinValue, 0, int.MaxValue];

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteFixedArray<int>(values, 3, (ref XdrWriter x, int v) => x.WriteInt32(v)));

        Assert.Equal("80000000000000007fffffff", Hex.Of(bytes));
        Assert.Equal(values, Decode(bytes, (ref XdrReader r) => r.ReadFixedArray(3, (ref XdrReader x) => x.ReadInt32())));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    public void VariableArray_OfStrings_UpToItsBound_RoundTrips(int count)
    {
        string[] values = Enumerable.Range(0, count).Select(i => new string('x', i)).ToArray();

        byte[] bytes = Encode((ref XdrWriter w) => w.WriteVariableArray<string>(values, 16, (ref XdrWriter x, string v) => x.WriteString(v)));

        Assert.Equal(count, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes));
        Assert.Equal(values, Decode(bytes, (ref XdrReader r) => r.ReadVariableArray(16, (ref XdrReader x) => x.ReadString())));
    }

    [Fact]
    public void Optional_NullAndPresent_RoundTrip()
    {
        byte[] bytes = Encode((ref XdrWriter w) =>
        {
            w.WriteOptional<string>(null, (ref XdrWriter x, string v) => x.WriteString(v));
            w.WriteOptional<string>("hi", (ref XdrWriter x, string v) => x.WriteString(v));
            w.WriteOptionalValue<int>(null, (ref XdrWriter x, int v) => x.WriteInt32(v));
            w.WriteOptionalValue<int>(-7, (ref XdrWriter x, int v) => x.WriteInt32(v));
        });

        Assert.Equal("00000000" + "00000001" + "000000026869" + "0000" + "00000000" + "00000001" + "fffffff9", Hex.Of(bytes));
        var reader = new XdrReader(bytes);
        Assert.Null(reader.ReadOptional((ref XdrReader x) => x.ReadString()));
        Assert.Equal("hi", reader.ReadOptional((ref XdrReader x) => x.ReadString()));
        Assert.Null(reader.ReadOptionalValue((ref XdrReader x) => x.ReadInt32()));
        Assert.Equal(-7, reader.ReadOptionalValue((ref XdrReader x) => x.ReadInt32()));
        reader.ExpectEnd();
    }

    [Fact]
    public void LinkedList_1000Deep_RoundTripsThroughRecursiveOptionalData()
    {
        Node list = Node.Build(1000);

        byte[] bytes = Encode((ref XdrWriter w) => Node.Write(ref w, list));

        Assert.Equal(1000 * 8, bytes.Length);
        Node decoded = Decode(bytes, Node.Read);
        Assert.Equal(Enumerable.Range(0, 1000), decoded.Values());
    }

    [Fact]
    public void LinkedList_DeeperThanMaxDepth_FailsCleanly()
    {
        byte[] bytes = Encode((ref XdrWriter w) => Node.Write(ref w, Node.Build(50)));

        XdrFormatException e = DecodeFails(bytes, (ref XdrReader r) =>
        {
            r.MaxDepth = 10;
            return Node.Read(ref r);
        });

        Assert.Equal(XdrError.NestingTooDeep, e.Error);
    }

    [Fact]
    public void LinkedList_HundredThousandDeepFromThePeer_FailsCleanlyInsteadOfOverflowingTheStack()
    {
        // 100,000 "present" flags and values: a recursive decoder would need 100,000 frames.
        byte[] bytes = Encode((ref XdrWriter w) =>
        {
            for (int i = 0; i < 100_000; i++)
            {
                w.WriteInt32(i);
                w.WriteBoolean(true);
            }

            w.WriteInt32(0);
            w.WriteBoolean(false);
        });

        XdrFormatException e = DecodeFails(bytes, (ref XdrReader r) =>
        {
            r.MaxDepth = int.MaxValue;
            return Node.Read(ref r);
        });

        Assert.Equal(XdrError.NestingTooDeep, e.Error);
    }

    /// <summary><c>struct node { int value; node *next; };</c>, coded the way a generated decoder recurses.</summary>
    private sealed class Node
    {
        public int Value { get; init; }

        public Node? Next { get; init; }

        public static Node Build(int count)
        {
            Node? head = null;
            for (int i = count - 1; i >= 0; i--)
            {
                head = new Node { Value = i, Next = head };
            }

            return head!;
        }

        public static void Write(ref XdrWriter writer, Node node)
        {
            writer.WriteInt32(node.Value);
            writer.WriteOptional(node.Next, Write);
        }

        public static Node Read(ref XdrReader reader) =>
            new() { Value = reader.ReadInt32(), Next = reader.ReadOptional(Read) };

        public IEnumerable<int> Values()
        {
            for (Node? node = this; node is not null; node = node.Next)
            {
                yield return node.Value;
            }
        }
    }
}
