using System;
using System.Buffers;
using System.Buffers.Binary;

namespace MiniRpc.Transport;

/// <summary>
/// Record marking (RFC 5531 §11): on a byte stream each RPC message is a record of one or more fragments, each
/// behind a 4-byte big-endian header whose top bit marks the last fragment and whose other 31 bits give the
/// fragment's length.
/// </summary>
public static class RecordMarking
{
    /// <summary>The size of a fragment header.</summary>
    public const int HeaderSize = 4;

    /// <summary>The header bit that marks the last fragment of a record.</summary>
    public const uint LastFragmentBit = 0x8000_0000;

    /// <summary>The largest length a fragment header can announce: 2^31 - 1.</summary>
    public const int MaxFragmentLength = int.MaxValue;

    /// <summary>
    /// The default largest fragment written: 65,532 bytes, so that a fragment and its header fill 64 KiB, as
    /// libtirpc's 64 KiB send buffer does (a 65,580-byte record leaves it as 65,532 + 48 bytes).
    /// </summary>
    public const int DefaultMaxFragmentLength = 65_532;

    /// <summary>
    /// The default largest record a reader accepts: 2 MiB, room for a 1 MiB NFS READ or WRITE and its header.
    /// </summary>
    public const int DefaultMaxRecordSize = 2 * 1024 * 1024;

    /// <summary>The number of bytes a record of <paramref name="recordLength"/> bytes occupies once framed.</summary>
    /// <param name="recordLength">The length of the message.</param>
    /// <param name="maxFragmentLength">The largest fragment to write.</param>
    /// <returns>The message's length plus one header per fragment.</returns>
    public static long GetFramedLength(int recordLength, int maxFragmentLength = DefaultMaxFragmentLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFragmentLength);
        long fragments = Math.Max(1, ((long)recordLength + maxFragmentLength - 1) / maxFragmentLength);
        return recordLength + (fragments * HeaderSize);
    }

    /// <summary>Writes a fragment header.</summary>
    /// <param name="destination">At least 4 bytes.</param>
    /// <param name="fragmentLength">The length of the fragment that follows.</param>
    /// <param name="isLast">Whether it is the record's last fragment.</param>
    public static void WriteHeader(Span<byte> destination, int fragmentLength, bool isLast)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fragmentLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)fragmentLength | (isLast ? LastFragmentBit : 0));
    }

    /// <summary>Reads a fragment header.</summary>
    /// <param name="source">At least 4 bytes.</param>
    /// <param name="isLast">Whether the fragment is the record's last.</param>
    /// <returns>The fragment's length.</returns>
    public static int ReadHeader(ReadOnlySpan<byte> source, out bool isLast)
    {
        uint header = BinaryPrimitives.ReadUInt32BigEndian(source);
        isLast = (header & LastFragmentBit) != 0;
        return (int)(header & ~LastFragmentBit);
    }

    /// <summary>
    /// Writes <paramref name="record"/> as one record: fragments of at most <paramref name="maxFragmentLength"/>
    /// bytes, each behind its header, the last one marked. An empty record is one empty last fragment.
    /// </summary>
    /// <param name="record">The whole RPC message.</param>
    /// <param name="output">Where to append the framed bytes.</param>
    /// <param name="maxFragmentLength">The largest fragment to write; default like libtirpc.</param>
    public static void WriteRecord(ReadOnlySpan<byte> record, IBufferWriter<byte> output, int maxFragmentLength = DefaultMaxFragmentLength)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFragmentLength);
        do
        {
            int length = Math.Min(record.Length, maxFragmentLength);
            bool isLast = length == record.Length;
            Span<byte> span = output.GetSpan(HeaderSize + length);
            WriteHeader(span, length, isLast);
            record.Slice(0, length).CopyTo(span.Slice(HeaderSize));
            output.Advance(HeaderSize + length);
            record = record.Slice(length);
        }
        while (!record.IsEmpty);
    }

    /// <summary>Writes <paramref name="record"/> as one record into a fixed span.</summary>
    /// <param name="record">The whole RPC message.</param>
    /// <param name="destination">Where to write; must hold <see cref="GetFramedLength"/> bytes.</param>
    /// <param name="maxFragmentLength">The largest fragment to write.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int WriteRecord(ReadOnlySpan<byte> record, Span<byte> destination, int maxFragmentLength = DefaultMaxFragmentLength)
    {
        long framed = GetFramedLength(record.Length, maxFragmentLength);
        if (framed > destination.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the framed record needs {framed}.", nameof(destination));
        }

        int written = 0;
        do
        {
            int length = Math.Min(record.Length, maxFragmentLength);
            WriteHeader(destination.Slice(written), length, isLast: length == record.Length);
            record.Slice(0, length).CopyTo(destination.Slice(written + HeaderSize));
            written += HeaderSize + length;
            record = record.Slice(length);
        }
        while (!record.IsEmpty);

        return written;
    }
}
