using System.Buffers;
using MiniRpc.Xdr;

namespace MiniRpc.Tests.TestSupport;

/// <summary>Writes something with an <see cref="XdrWriter"/>.</summary>
internal delegate void XdrWriteAction(ref XdrWriter writer);

/// <summary>Reads something with an <see cref="XdrReader"/>.</summary>
internal delegate T XdrReadFunc<T>(ref XdrReader reader);

internal static class XdrEncoding
{
    /// <summary>
    /// Encodes through all three kinds of destination (a growing buffer writer, one that hands out tiny segments,
    /// and a fixed span of exactly the right size) and checks that they agree byte for byte.
    /// </summary>
    public static byte[] Encode(XdrWriteAction write)
    {
        var growing = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(growing);
        write(ref writer);
        writer.Flush();
        Assert.Equal(growing.WrittenCount, writer.BytesWritten);
        byte[] expected = growing.WrittenSpan.ToArray();

        foreach (int segmentSize in new[] { 1, 3, 4, 5, 7 })
        {
            var segmented = new SegmentedBufferWriter(segmentSize);
            var segmentedWriter = new XdrWriter(segmented);
            write(ref segmentedWriter);
            segmentedWriter.Flush();
            Assert.Equal(Hex.Of(expected), Hex.Of(segmented.WrittenBytes));
        }

        var fixedBuffer = new byte[expected.Length];
        var spanWriter = new XdrWriter(fixedBuffer);
        write(ref spanWriter);
        Assert.Equal(expected.Length, spanWriter.BytesWritten);
        Assert.Equal(Hex.Of(expected), Hex.Of(fixedBuffer));

        Assert.Equal(0, expected.Length % XdrSize.Unit);
        return expected;
    }

    /// <summary>Decodes <paramref name="bytes"/> with <paramref name="read"/> and checks that every byte was consumed.</summary>
    public static T Decode<T>(byte[] bytes, XdrReadFunc<T> read)
    {
        var reader = new XdrReader(bytes);
        T value = read(ref reader);
        reader.ExpectEnd();
        return value;
    }

    /// <summary>Runs <paramref name="read"/> over <paramref name="bytes"/>, which must fail with <see cref="XdrFormatException"/>.</summary>
    public static XdrFormatException DecodeFails<T>(byte[] bytes, XdrReadFunc<T> read)
    {
        try
        {
            var reader = new XdrReader(bytes);
            read(ref reader);
            reader.ExpectEnd();
        }
        catch (XdrFormatException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException($"Decoding {Hex.Of(bytes)} did not fail.");
    }
}
