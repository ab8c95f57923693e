using System.IO;

namespace MiniRpc.Transport;

/// <summary>
/// A record on a stream breaks the record-marking rules the reader enforces (RFC 5531 §11): its fragment headers
/// announce more than the maximum record size. The stream cannot be resynchronised; the connection should close.
/// </summary>
public sealed class RecordMarkingException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="streamOffset">The offset in the stream of the fragment header at fault.</param>
    /// <param name="announcedLength">The record length the headers announce so far.</param>
    /// <param name="maxRecordSize">The limit.</param>
    public RecordMarkingException(long streamOffset, long announcedLength, int maxRecordSize)
        : base($"The fragment header at stream offset {streamOffset} makes the record {announcedLength} bytes long, over the maximum record size of {maxRecordSize} bytes.")
    {
        StreamOffset = streamOffset;
        AnnouncedLength = announcedLength;
        MaxRecordSize = maxRecordSize;
    }

    /// <summary>The offset in the stream of the fragment header at fault.</summary>
    public long StreamOffset { get; }

    /// <summary>The record length the fragment headers announce, counting the one at fault.</summary>
    public long AnnouncedLength { get; }

    /// <summary>The maximum record size of the reader.</summary>
    public int MaxRecordSize { get; }
}
