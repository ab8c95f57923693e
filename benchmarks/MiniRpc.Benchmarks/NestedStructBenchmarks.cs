using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using MiniRpc.Xdr;

namespace MiniRpc.Benchmarks;

/// <summary>Issue 8: a large nested struct (20 fields and 100 sub-structs, about 4.6 KB of XDR) through a hand-written codec.</summary>
[MemoryDiagnoser]
public class NestedStructBenchmarks
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private VolumeReport _report = new VolumeReport();
    private byte[] _encoded = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        var entries = new FileEntry[100];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new FileEntry((ulong)(1000 + i), "file-" + i.ToString("D4", CultureInfo.InvariantCulture) + ".dat", 0x81A4, 4096L * i, i % 10 == 0);
        }

        _report = new VolumeReport
        {
            Id = 7,
            Generation = 3,
            Created = 1_700_000_000,
            Capacity = 4UL << 40,
            Used = 1UL << 40,
            Load = 0.75,
            Ratio = 1.5f,
            Encrypted = true,
            State = VolumeState.Degraded,
            Name = "volume-seven",
            Owner = "storage-admin",
            FsId = new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
            Cookie = new byte[] { 0xCA, 0xFE, 0xBA, 0xBE, 0x01 },
            Errors = 2,
            Warnings = 11,
            LastScrub = 1_700_100_000,
            Inodes = 123_456,
            Flags = 0x5,
            QuotaClass = -1,
            Entries = entries,
        };

        _encoded = _buffer.AsSpan(0, VolumeReport_Encode()).ToArray();
        VolumeReport decoded = VolumeReport_Decode();
        if (decoded.Entries.Length != 100 || decoded.Entries[99] != entries[99] || decoded.Owner != _report.Owner)
        {
            throw new InvalidOperationException("The report did not round-trip.");
        }
    }

    [Benchmark]
    public int VolumeReport_Encode()
    {
        var writer = new XdrWriter(_buffer);
        VolumeReportCodec.Encode(ref writer, _report);
        return writer.BytesWritten;
    }

    [Benchmark]
    public VolumeReport VolumeReport_Decode()
    {
        var reader = new XdrReader(_encoded);
        VolumeReport report = VolumeReportCodec.Decode(ref reader);
        reader.ExpectEnd();
        return report;
    }
}
