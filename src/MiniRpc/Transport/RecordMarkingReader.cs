using System;
using System.Buffers;

namespace MiniRpc.Transport;

/// <summary>
/// Reassembles records (RFC 5531 §11) from a byte stream that arrives in pieces of any size: a fragment header
/// split across two reads, a fragment boundary inside an XDR word, many records in one read.
/// </summary>
/// <remarks>
/// <para>
/// Feed each piece received to <see cref="TryReadRecord(ref ReadOnlySpan{byte}, out ReadOnlySpan{byte})"/> until it returns false; each true is one whole record.
/// A record that arrives whole, as one last fragment inside one piece, is returned as a slice of that piece with
/// no copy; so is a record of several fragments that all arrived in one piece, when the piece is given as a
/// <see cref="Span{T}"/> the reader may rearrange (its fragments are joined in place). Other records are copied once
/// into an internal buffer, which grows with the bytes that actually arrive
/// (never to the size a header merely announces) and is rented from <see cref="ArrayPool{T}.Shared"/>.
/// </para>
/// <para>
/// The maximum record size is enforced as soon as a fragment header announces more, before any byte of that
/// fragment is buffered: <see cref="RecordMarkingException"/>. After it, the stream cannot be trusted: close it.
/// </para>
/// <para>Not thread-safe: one reader per connection, fed by that connection's receive loop.</para>
/// </remarks>
public sealed class RecordMarkingReader : IDisposable
{
    /// <summary>A buffer larger than this is returned to the pool once its record has been consumed.</summary>
    private const int RetainedBufferSize = 128 * 1024;

    private const int MinimumBufferSize = 256;

    private byte[] _buffer = [];
    private int _recordLength;          // bytes of the current record buffered so far
    private int _headerBytes;           // bytes of a fragment header received so far (0-3 between calls)
    private uint _header;               // those bytes, accumulated big-endian
    private int _fragmentRemaining;     // bytes of the current fragment still to come
    private bool _inFragment;           // a header has been read and its fragment is not complete
    private bool _isLastFragment;
    private bool _recordDelivered;      // the previous call returned a record from _buffer
    private long _streamOffset;         // bytes consumed since the start of the stream

    /// <summary>Creates a reader.</summary>
    /// <param name="maxRecordSize">The largest record accepted, in bytes of message (headers not counted).</param>
    public RecordMarkingReader(int maxRecordSize = RecordMarking.DefaultMaxRecordSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordSize);
        MaxRecordSize = maxRecordSize;
    }

    /// <summary>The largest record accepted.</summary>
    public int MaxRecordSize { get; }

    /// <summary>The number of stream bytes consumed so far.</summary>
    public long BytesConsumed => _streamOffset;

    /// <summary>
    /// True when part of a record (some header bytes or fragment bytes) has arrived and the rest has not: what a
    /// transport's timeout for a half-received record watches.
    /// </summary>
    public bool HasPartialRecord => _headerBytes > 0 || _inFragment || (_recordLength > 0 && !_recordDelivered);

    /// <summary>The size of the internal reassembly buffer, for tests of the allocation bound.</summary>
    internal int BufferCapacity => _buffer.Length;

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until one record is complete or the input is exhausted.
    /// </summary>
    /// <param name="input">The bytes received; advanced past what was consumed.</param>
    /// <param name="record">
    /// When the method returns true, the whole record. It is valid until the next call to this method or until the
    /// memory behind <paramref name="input"/> is reused, whichever comes first.
    /// </param>
    /// <returns>True when a record is complete; false when more input is needed.</returns>
    /// <exception cref="RecordMarkingException">The record would exceed <see cref="MaxRecordSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public bool TryReadRecord(scoped ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> record)
    {
        BeginRead();
        return ReadRecord(ref input, out record);
    }

    private bool ReadRecord(scoped ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> record)
    {
        while (true)
        {
            if (!_inFragment)
            {
                if (_recordLength == 0 && _headerBytes == 0 && input.Length >= RecordMarking.HeaderSize)
                {
                    // Fast path: a whole single-fragment record inside this piece is handed out in place.
                    int length = RecordMarking.ReadHeader(input, out bool isLast);
                    CheckLimit(length);
                    if (isLast && input.Length - RecordMarking.HeaderSize >= length)
                    {
                        record = input.Slice(RecordMarking.HeaderSize, length);
                        input = input.Slice(RecordMarking.HeaderSize + length);
                        _streamOffset += RecordMarking.HeaderSize + length;
                        return true;
                    }
                }

                while (_headerBytes < RecordMarking.HeaderSize && !input.IsEmpty)
                {
                    _header = (_header << 8) | input[0];
                    input = input.Slice(1);
                    _headerBytes++;
                    _streamOffset++;
                }

                if (_headerBytes < RecordMarking.HeaderSize)
                {
                    record = default;
                    return false;
                }

                _fragmentRemaining = (int)(_header & ~RecordMarking.LastFragmentBit);
                _isLastFragment = (_header & RecordMarking.LastFragmentBit) != 0;
                _header = 0;
                _headerBytes = 0;
                _inFragment = true;
                CheckLimit(_fragmentRemaining, headerOffset: _streamOffset - RecordMarking.HeaderSize);
            }

            int take = Math.Min(_fragmentRemaining, input.Length);
            if (take > 0)
            {
                EnsureCapacity(_recordLength + take);
                input.Slice(0, take).CopyTo(_buffer.AsSpan(_recordLength));
                input = input.Slice(take);
                _recordLength += take;
                _fragmentRemaining -= take;
                _streamOffset += take;
            }

            if (_fragmentRemaining > 0)
            {
                record = default;
                return false;
            }

            _inFragment = false;
            if (_isLastFragment)
            {
                _recordDelivered = true;
                record = _buffer.AsSpan(0, _recordLength);
                return true;
            }
        }
    }

    /// <summary>
    /// As <see cref="TryReadRecord(ref ReadOnlySpan{byte}, out ReadOnlySpan{byte})"/>, over bytes the caller lets the
    /// reader rearrange: a record of several fragments that all arrived in this piece is joined in place (each later
    /// fragment moved back over the headers before it; the first, the large one of a 64 KiB string, stays put) and
    /// returned as a slice of <paramref name="input"/>, with no copy into the reassembly buffer. Bytes after the
    /// record are left as they are.
    /// </summary>
    /// <param name="input">The bytes received; advanced past what was consumed.</param>
    /// <param name="record">When the method returns true, the whole record, valid as with the other overload.</param>
    /// <returns>True when a record is complete; false when more input is needed.</returns>
    /// <exception cref="RecordMarkingException">The record would exceed <see cref="MaxRecordSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public bool TryReadRecord(scoped ref Span<byte> input, out ReadOnlySpan<byte> record)
    {
        BeginRead();
        if (_recordLength == 0 && _headerBytes == 0 && !_inFragment && TryWholeRecordInPlace(input, out int recordLength, out int consumed))
        {
            record = input.Slice(RecordMarking.HeaderSize, recordLength);
            input = input.Slice(consumed);
            _streamOffset += consumed;
            return true;
        }

        ReadOnlySpan<byte> rest = input;
        bool complete = ReadRecord(ref rest, out record);
        input = input.Slice(input.Length - rest.Length);
        return complete;
    }

    /// <summary>Forgets any partial record, as after reconnecting. Keeps the limit.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        _recordLength = 0;
        _headerBytes = 0;
        _header = 0;
        _fragmentRemaining = 0;
        _inFragment = false;
        _recordDelivered = false;
        ReturnBuffer();
    }

    /// <summary>Returns the reassembly buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ReturnBuffer();
            _buffer = null!;
        }
    }

    /// <summary>After a record was handed out of the reassembly buffer, the next read starts a new one.</summary>
    private void BeginRead()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_recordDelivered)
        {
            _recordDelivered = false;
            _recordLength = 0;
            if (_buffer.Length > RetainedBufferSize)
            {
                ReturnBuffer();
            }
        }
    }

    /// <summary>
    /// When <paramref name="input"/> starts with a whole record, joins its fragments (if more than one) in place right
    /// after the first header: the record is then <c>input[4..(4 + recordLength)]</c>, and <paramref name="consumed"/>
    /// bytes of input made it. Nothing is moved unless every fragment is there.
    /// </summary>
    private bool TryWholeRecordInPlace(Span<byte> input, out int recordLength, out int consumed)
    {
        recordLength = 0;
        consumed = 0;
        int offset = 0;
        while (true)
        {
            if (input.Length - offset < RecordMarking.HeaderSize)
            {
                return false;
            }

            int length = RecordMarking.ReadHeader(input.Slice(offset), out bool isLast);
            if ((long)recordLength + length > MaxRecordSize)
            {
                throw new RecordMarkingException(_streamOffset + offset, (long)recordLength + length, MaxRecordSize);
            }

            if (input.Length - offset - RecordMarking.HeaderSize < length)
            {
                return false;
            }

            offset += RecordMarking.HeaderSize + length;
            recordLength += length;
            if (isLast)
            {
                break;
            }
        }

        // Every fragment is here: move each later one (none for a single fragment) back over the headers before it.
        int source = RecordMarking.HeaderSize + RecordMarking.ReadHeader(input, out _);
        int destination = source;
        while (source < offset)
        {
            int length = RecordMarking.ReadHeader(input.Slice(source), out _);
            input.Slice(source + RecordMarking.HeaderSize, length).CopyTo(input.Slice(destination));
            source += RecordMarking.HeaderSize + length;
            destination += length;
        }

        consumed = offset;
        return true;
    }

    /// <summary>RFC 5531 §11 sets no limit; we refuse a record as soon as its headers announce more than ours.</summary>
    private void CheckLimit(int fragmentLength, long headerOffset = -1)
    {
        long announced = (long)_recordLength + fragmentLength;
        if (announced > MaxRecordSize)
        {
            throw new RecordMarkingException(headerOffset < 0 ? _streamOffset : headerOffset, announced, MaxRecordSize);
        }
    }

    /// <summary>Grows the buffer to hold <paramref name="needed"/> bytes: doubling, but never past the end of the current fragment.</summary>
    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        int fragmentEnd = _recordLength + _fragmentRemaining;
        int size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, MinimumBufferSize), fragmentEnd);
        byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(size, needed));
        _buffer.AsSpan(0, _recordLength).CopyTo(grown);
        ReturnBuffer();
        _buffer = grown;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
    }
}
