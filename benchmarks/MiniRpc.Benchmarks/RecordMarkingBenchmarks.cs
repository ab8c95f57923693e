using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using MiniRpc.Transport;

namespace MiniRpc.Benchmarks;

/// <summary>
/// Issue 8: the TCP record reader (RFC 5531 §11). A 64 KiB record sent as two 32 KiB fragments and received in
/// 1460-byte pieces (one Ethernet MSS each), which takes the reassembly path; and the same record as one last
/// fragment received whole, which is returned as a slice of the input with no copy.
/// </summary>
[MemoryDiagnoser]
public class RecordMarkingBenchmarks
{
    private const int RecordSize = 64 * 1024;
    private const int PieceSize = 1460;
    private const uint LastFragment = 0x8000_0000;

    private byte[] _twoFragments = Array.Empty<byte>();
    private byte[] _oneFragment = Array.Empty<byte>();
    private RecordMarkingReader _reader = new RecordMarkingReader();

    [GlobalSetup]
    public void Setup()
    {
        var record = new byte[RecordSize];
        new Random(11).NextBytes(record);
        const int half = RecordSize / 2;

        _twoFragments = new byte[RecordSize + 8];
        BinaryPrimitives.WriteUInt32BigEndian(_twoFragments, half);
        record.AsSpan(0, half).CopyTo(_twoFragments.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(_twoFragments.AsSpan(4 + half), LastFragment | half);
        record.AsSpan(half).CopyTo(_twoFragments.AsSpan(8 + half));

        _oneFragment = new byte[RecordSize + 4];
        BinaryPrimitives.WriteUInt32BigEndian(_oneFragment, LastFragment | RecordSize);
        record.CopyTo(_oneFragment.AsSpan(4));

        _reader = new RecordMarkingReader(RecordSize);
        if (TwoFragments_In1460BytePieces() != RecordSize || OneFragment_ReceivedWhole() != RecordSize)
        {
            throw new InvalidOperationException("The record was not reassembled.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark]
    public int TwoFragments_In1460BytePieces()
    {
        int received = 0;
        for (int offset = 0; offset < _twoFragments.Length; offset += PieceSize)
        {
            ReadOnlySpan<byte> piece = _twoFragments.AsSpan(offset, Math.Min(PieceSize, _twoFragments.Length - offset));
            while (_reader.TryReadRecord(ref piece, out ReadOnlySpan<byte> record))
            {
                received += record.Length;
            }
        }

        return received;
    }

    [Benchmark]
    public int OneFragment_ReceivedWhole()
    {
        int received = 0;
        ReadOnlySpan<byte> piece = _oneFragment;
        while (_reader.TryReadRecord(ref piece, out ReadOnlySpan<byte> record))
        {
            received += record.Length;
        }

        return received;
    }
}
