using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MiniRpc.Xdr;

namespace MiniRpc.Benchmarks;

/// <summary>
/// Issue 8: a 64 KiB XDR string (RFC 4506 §4.11) of ASCII text, the argument of SAVEMSG and the result of READMSG in
/// the side-by-side rows: UTF-16 to UTF-8 and back, with the strict UTF-8 checks both ways. Run with the large object
/// heap threshold the load tool and MsgServer use (4 MiB), so that the 128 KiB string is a gen0 allocation there too.
/// The <c>Bytes</c> pair is the same string with <c>MiniRpcStrings="Bytes"</c>: a 64 KiB <c>byte[]</c>, no transcoding.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LargeObjectThreshold))]
public class StringBenchmarks
{
    private const int Length = 64 * 1024;

    private readonly string _text = new('m', Length);
    private readonly byte[] _bytes = System.Text.Encoding.ASCII.GetBytes(new string('m', Length));
    private readonly byte[] _buffer = new byte[Length + 8];
    private byte[] _encoded = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _encoded = _buffer.AsSpan(0, String64K_Encode()).ToArray();
        if (String64K_Decode() != _text)
        {
            throw new InvalidOperationException("The string did not round-trip.");
        }
    }

    [Benchmark]
    public int String64K_Encode()
    {
        var writer = new XdrWriter(_buffer);
        writer.WriteString(_text);
        return writer.BytesWritten;
    }

    /// <summary>What the SAVEMSG server and the READMSG client do: a new 128 KiB .NET string each time.</summary>
    [Benchmark]
    public string String64K_Decode()
    {
        var reader = new XdrReader(_encoded);
        return reader.ReadString();
    }

    [Benchmark]
    public int StringBytes64K_Encode()
    {
        var writer = new XdrWriter(_buffer);
        writer.WriteStringBytes(_bytes);
        return writer.BytesWritten;
    }

    /// <summary>The same with byte[] strings: one copy into a 64 KiB array that is not zeroed first.</summary>
    [Benchmark]
    public byte[] StringBytes64K_Decode()
    {
        var reader = new XdrReader(_encoded);
        return reader.ReadStringByteArray();
    }

    private sealed class LargeObjectThreshold : ManualConfig
    {
        public LargeObjectThreshold()
        {
            AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x400000")));
        }
    }
}
