using System;
using BenchmarkDotNet.Attributes;
using MiniRpc.Xdr;

namespace MiniRpc.Benchmarks;

/// <summary>Issue 8: a 64 KiB variable-length opaque (RFC 4506 §4.10), the payload of a large SAVEMSG or READ.</summary>
[MemoryDiagnoser]
public class OpaqueBenchmarks
{
    private const int PayloadSize = 64 * 1024;

    private readonly byte[] _payload = new byte[PayloadSize];
    private readonly byte[] _buffer = new byte[PayloadSize + 8];
    private byte[] _encoded = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        new Random(8).NextBytes(_payload);
        _encoded = _buffer.AsSpan(0, Opaque64K_Encode()).ToArray();
        if (Opaque64K_DecodeSpan() != PayloadSize || Opaque64K_DecodeArray().Length != PayloadSize)
        {
            throw new InvalidOperationException("The opaque did not round-trip.");
        }
    }

    [Benchmark]
    public int Opaque64K_Encode()
    {
        var writer = new XdrWriter(_buffer);
        writer.WriteOpaque(_payload);
        return writer.BytesWritten;
    }

    /// <summary>Zero-copy read: the span points into the received buffer.</summary>
    [Benchmark]
    public int Opaque64K_DecodeSpan()
    {
        var reader = new XdrReader(_encoded);
        return reader.ReadOpaqueSpan().Length;
    }

    /// <summary>Read into a new array, as a decoded <c>opaque data&lt;&gt;</c> field is kept (the 64 KiB copy is the allocation).</summary>
    [Benchmark]
    public byte[] Opaque64K_DecodeArray()
    {
        var reader = new XdrReader(_encoded);
        return reader.ReadOpaque();
    }
}
