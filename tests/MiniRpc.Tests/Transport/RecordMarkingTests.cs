using System.Buffers;
using MiniRpc.Tests.TestSupport;
using MiniRpc.Transport;

namespace MiniRpc.Tests.Transport;

public class RecordMarkingTests
{
    [Theory]
    [InlineData(0, "80000000")]
    [InlineData(3, "80000003010203")]
    public void WriteRecord_ShortRecord_IsOneLastFragment(int length, string hex)
    {
        byte[] record = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();

        Assert.Equal(hex, Hex.Of(Frame(record, RecordMarking.DefaultMaxFragmentLength)));
    }

    [Fact]
    public void WriteRecord_LongerThanOneFragment_SplitsAndMarksOnlyTheLast()
    {
        byte[] record = Enumerable.Range(1, 10).Select(i => (byte)i).ToArray();

        string hex = Hex.Of(Frame(record, 4));

        Assert.Equal("00000004" + "01020304" + "00000004" + "05060708" + "80000002" + "090a", hex);
    }

    [Fact]
    public void WriteRecord_ExactlyOneFragmentLong_IsOneFragment()
    {
        byte[] record = new byte[8];

        Assert.Equal("80000008" + "0000000000000000", Hex.Of(Frame(record, 8)));
        Assert.Equal(12, RecordMarking.GetFramedLength(8, 8));
        Assert.Equal(17, RecordMarking.GetFramedLength(9, 8));
        Assert.Equal(4, RecordMarking.GetFramedLength(0, 8));
    }

    [Fact]
    public void WriteRecord_SpanAndBufferWriterForms_Agree()
    {
        byte[] record = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var destination = new byte[RecordMarking.GetFramedLength(record.Length, 100)];

        int written = RecordMarking.WriteRecord(record, destination, 100);

        Assert.Equal(destination.Length, written);
        Assert.Equal(Hex.Of(Frame(record, 100)), Hex.Of(destination));
        Assert.Throws<ArgumentException>(() => RecordMarking.WriteRecord(record, new byte[written - 1], 100));
    }

    [Fact]
    public void Reader_EveryGoldenTcpStream_SplitInTwoAtEveryOffset_YieldsTheSameRecords()
    {
        (byte[] stream, List<byte[]> records) = GoldenTcpStream();

        for (int split = 0; split <= stream.Length; split++)
        {
            List<byte[]> read = ReadAll(stream, [split]);

            Assert.Equal(records.Count, read.Count);
            Assert.True(records.Zip(read).All(p => p.First.AsSpan().SequenceEqual(p.Second)), $"split at {split}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reader_MultiFragmentRecords_SplitInTwoAtEveryOffsetAndByteByByte_YieldTheSameRecords(bool inPlace)
    {
        // Fragments of 5 bytes put fragment boundaries inside XDR words, and headers anywhere in the pieces.
        List<byte[]> records = [new byte[0], Bytes(1), Bytes(17), Bytes(40), Bytes(3), Bytes(123)];
        byte[] stream = records.SelectMany(r => Frame(r, 5)).ToArray();

        for (int split = 0; split <= stream.Length; split++)
        {
            AssertRecords(records, ReadAll(stream, [split], inPlace), $"split at {split}");
        }

        AssertRecords(records, ReadAll(stream, Enumerable.Range(1, stream.Length - 1).ToArray(), inPlace), "byte by byte");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reader_RandomPieces_YieldTheSameRecords(bool inPlace)
    {
        var random = new Random(5531);
        List<byte[]> records = Enumerable.Range(0, 50).Select(i => Bytes(random.Next(0, 3000))).ToList();
        byte[] stream = records.SelectMany(r => Frame(r, random.Next(1, 700))).ToArray();

        for (int round = 0; round < 50; round++)
        {
            int[] cuts = Enumerable.Range(0, random.Next(1, 200)).Select(_ => random.Next(stream.Length + 1)).Distinct().Order().ToArray();
            AssertRecords(records, ReadAll(stream, cuts, inPlace), $"round {round}");
        }
    }

    [Fact]
    public void Reader_InPlace_JoinsTheFragmentsOfARecordThatArrivedWhole_WithoutCopying()
    {
        // A 64 KiB string's record as libtirpc and we frame it: 65,532 bytes, then the rest; then a short record.
        byte[] big = Bytes(65_600);
        byte[] stream = [.. Frame(big, RecordMarking.DefaultMaxFragmentLength), .. Frame(Bytes(8), 1000)];
        Span<byte> input = stream;
        using var reader = new RecordMarkingReader();

        Assert.True(reader.TryReadRecord(ref input, out ReadOnlySpan<byte> first));
        Assert.True(first.Overlaps(stream));
        Assert.True(first.SequenceEqual(big));
        Assert.True(reader.TryReadRecord(ref input, out ReadOnlySpan<byte> second));
        Assert.True(second.SequenceEqual(Bytes(8)));
        Assert.True(input.IsEmpty);
        Assert.Equal(0, reader.BufferCapacity);
        Assert.Equal(stream.Length, reader.BytesConsumed);
    }

    [Fact]
    public void Reader_InPlace_AFragmentNotHereYet_MovesNothingAndReassemblesAsBefore()
    {
        byte[] record = Bytes(300);
        byte[] stream = Frame(record, 100);
        byte[] firstPiece = stream[..250];
        byte[] original = [.. firstPiece];
        Span<byte> input = firstPiece;
        using var reader = new RecordMarkingReader();

        Assert.False(reader.TryReadRecord(ref input, out _));
        Assert.Equal(original, firstPiece);
        Span<byte> rest = stream.AsSpan(250).ToArray();
        Assert.True(reader.TryReadRecord(ref rest, out ReadOnlySpan<byte> read));
        Assert.True(read.SequenceEqual(record));
    }

    [Fact]
    public void Reader_InPlace_ALaterFragmentOverTheLimit_IsRefusedAtItsHeader()
    {
        byte[] stream = [.. Hex.Parse("00000004"), 1, 2, 3, 4, .. Hex.Parse("80000010"), .. new byte[16]];
        using var reader = new RecordMarkingReader(maxRecordSize: 12);

        var e = Assert.Throws<RecordMarkingException>(() =>
        {
            Span<byte> input = stream;
            reader.TryReadRecord(ref input, out _);
        });

        Assert.Equal(8, e.StreamOffset);
        Assert.Equal(20, e.AnnouncedLength);
    }

    [Fact]
    public void Reader_WholeRecordInOnePiece_IsReturnedWithoutCopying()
    {
        byte[] stream = [.. Frame(Bytes(40), 1000), .. Frame(Bytes(8), 1000)];
        ReadOnlySpan<byte> input = stream;
        using var reader = new RecordMarkingReader();

        Assert.True(reader.TryReadRecord(ref input, out ReadOnlySpan<byte> first));
        Assert.True(first.Overlaps(stream));
        Assert.True(reader.TryReadRecord(ref input, out ReadOnlySpan<byte> second));
        Assert.True(second.Overlaps(stream));
        Assert.False(reader.TryReadRecord(ref input, out _));
        Assert.Equal(0, reader.BufferCapacity);
        Assert.Equal(stream.Length, reader.BytesConsumed);
    }

    [Fact]
    public void Reader_HeaderAnnouncingMoreThanTheLimit_IsRejectedBeforeBuffering()
    {
        using var reader = new RecordMarkingReader(maxRecordSize: 1024);
        ReadOnlySpan<byte> input = Hex.Parse("80000401 00000000 00000000");

        RecordMarkingException e = ThrowsRecordMarking(reader, input);

        Assert.Equal(1025, e.AnnouncedLength);
        Assert.Equal(1024, e.MaxRecordSize);
        Assert.Equal(0, e.StreamOffset);
        Assert.Equal(0, reader.BufferCapacity);
    }

    [Fact]
    public void Reader_HeaderOf2GiBArrivingAlone_IsRejectedAtOnce()
    {
        using var reader = new RecordMarkingReader();
        ReadOnlySpan<byte> input = Hex.Parse("ffffffff");

        RecordMarkingException e = ThrowsRecordMarking(reader, input);

        Assert.Equal(int.MaxValue, e.AnnouncedLength);
        Assert.Equal(0, reader.BufferCapacity);
    }

    [Fact]
    public void Reader_LaterFragmentPushingTheRecordOverTheLimit_IsRejectedWhenItsHeaderArrives()
    {
        using var reader = new RecordMarkingReader(maxRecordSize: 100);
        byte[] first = [.. Hex.Parse("0000003c"), .. new byte[60]];
        ReadOnlySpan<byte> input = first;
        Assert.False(reader.TryReadRecord(ref input, out _));
        int capacityAfterFirst = reader.BufferCapacity;

        // The second fragment's header arrives split in two: the limit applies as soon as it is whole.
        ReadOnlySpan<byte> headerStart = Hex.Parse("8000");
        Assert.False(reader.TryReadRecord(ref headerStart, out _));
        RecordMarkingException e = ThrowsRecordMarking(reader, Hex.Parse("0029"));

        Assert.Equal(101, e.AnnouncedLength);
        Assert.Equal(64, e.StreamOffset);
        Assert.Equal(capacityAfterFirst, reader.BufferCapacity);
    }

    [Fact]
    public void Reader_LargeAnnouncedFragmentArrivingSlowly_BuffersOnlyWhatArrived()
    {
        using var reader = new RecordMarkingReader(maxRecordSize: 16 * 1024 * 1024);
        ReadOnlySpan<byte> header = Hex.Parse("80f00000");
        Assert.False(reader.TryReadRecord(ref header, out _));

        ReadOnlySpan<byte> someData = new byte[10];
        Assert.False(reader.TryReadRecord(ref someData, out _));

        Assert.InRange(reader.BufferCapacity, 10, 4096);
        Assert.True(reader.HasPartialRecord);
    }

    [Fact]
    public void Reader_HasPartialRecord_FollowsTheStream()
    {
        using var reader = new RecordMarkingReader();
        Assert.False(reader.HasPartialRecord);

        ReadOnlySpan<byte> part = Hex.Parse("80");
        Assert.False(reader.TryReadRecord(ref part, out _));
        Assert.True(reader.HasPartialRecord);

        ReadOnlySpan<byte> rest = Hex.Parse("000004 01020304");
        Assert.True(reader.TryReadRecord(ref rest, out ReadOnlySpan<byte> record));
        Assert.Equal("01020304", Hex.Of(record));
        Assert.False(reader.HasPartialRecord);

        reader.Reset();
        Assert.False(reader.HasPartialRecord);
    }

    [Fact]
    public void Reader_AfterDispose_Throws()
    {
        var reader = new RecordMarkingReader();
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
        {
            ReadOnlySpan<byte> input = Hex.Parse("80000000");
            reader.TryReadRecord(ref input, out _);
        });
    }

    private static RecordMarkingException ThrowsRecordMarking(RecordMarkingReader reader, ReadOnlySpan<byte> input)
    {
        try
        {
            while (reader.TryReadRecord(ref input, out _))
            {
            }
        }
        catch (RecordMarkingException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("the record was not rejected");
    }

    private static byte[] Frame(byte[] record, int maxFragmentLength)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(record, output, maxFragmentLength);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    /// <summary>Feeds <paramref name="stream"/> to a reader in pieces cut at <paramref name="cuts"/>; returns copies of the records read.</summary>
    private static List<byte[]> ReadAll(byte[] stream, int[] cuts, bool inPlace = false)
    {
        using var reader = new RecordMarkingReader();
        var records = new List<byte[]>();
        int start = 0;
        foreach (int end in cuts.Append(stream.Length))
        {
            if (inPlace)
            {
                // A copy of each piece, as a receive buffer: the reader may move bytes in it.
                Span<byte> piece = stream.AsSpan(start, end - start).ToArray();
                while (reader.TryReadRecord(ref piece, out ReadOnlySpan<byte> record))
                {
                    records.Add(record.ToArray());
                }

                Assert.True(piece.IsEmpty);
            }
            else
            {
                ReadOnlySpan<byte> piece = stream.AsSpan(start, end - start);
                while (reader.TryReadRecord(ref piece, out ReadOnlySpan<byte> record))
                {
                    records.Add(record.ToArray());
                }

                Assert.True(piece.IsEmpty);
            }

            start = end;
        }

        Assert.False(reader.HasPartialRecord);
        Assert.Equal(stream.Length, reader.BytesConsumed);
        return records;
    }

    private static void AssertRecords(List<byte[]> expected, List<byte[]> actual, string because)
    {
        Assert.True(expected.Count == actual.Count, $"{because}: {actual.Count} records instead of {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"{because}: record {i} differs");
        }
    }

    private static (byte[] Stream, List<byte[]> Records) GoldenTcpStream()
    {
        List<GoldenVector> tcp = GoldenVectors.All.Where(v => v.IsTcp).ToList();
        return (tcp.SelectMany(v => v.Bytes).ToArray(), tcp.Select(v => v.Bytes[4..]).ToList());
    }
}
