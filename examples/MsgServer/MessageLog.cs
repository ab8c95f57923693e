using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace MsgServer;

/// <summary>
/// The messages of the msg server, kept durably in one append-only file (msg.dat): each record is a 4-byte
/// big-endian length, a 4-byte CRC-32 of the message, and the message's UTF-8 bytes. A message is acknowledged
/// only after its record has been written and flushed to the disk, so that a crash (even SIGKILL, even a power
/// loss) cannot lose it; a record cut short by a crash fails its length or CRC check when the file is opened again
/// and is dropped, along with anything after it, so the indexes go on from the last whole message.
/// </summary>
internal sealed class MessageLog : IDisposable
{
    private const int HeaderSize = 8;

    /// <summary>A record longer than this cannot be ours: the length word of a torn record.</summary>
    private const int MaxRecordLength = 64 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly List<string> _messages = [];

    private MessageLog(FileStream file)
    {
        _file = file;
    }

    /// <summary>The number of messages stored.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>How many bytes of a damaged or torn tail were dropped when the file was opened.</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>Opens (or creates) the log at <paramref name="path"/>, reading every whole record and dropping a torn tail.</summary>
    public static MessageLog Open(string path)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1, FileOptions.None);
        var log = new MessageLog(file);
        try
        {
            log.Load();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return log;
    }

    /// <summary>
    /// Appends a message durably and returns its index (0, 1, 2 ...), or -1 when it could not be stored; in that
    /// case the file is cut back to its last whole record so that later messages still append cleanly.
    /// </summary>
    public int Save(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        byte[] payload = Encoding.UTF8.GetBytes(message);
        byte[] record = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(record, payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(4), Crc32.Compute(payload));
        payload.CopyTo(record, HeaderSize);

        lock (_lock)
        {
            long end = _file.Length;
            try
            {
                _file.Position = end;
                _file.Write(record);
                _file.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                TryTruncate(end);
                return -1;
            }

            _messages.Add(message);
            return _messages.Count - 1;
        }
    }

    /// <summary>The message at <paramref name="index"/>, or the empty string when there is none.</summary>
    public string Read(int index)
    {
        lock (_lock)
        {
            return index >= 0 && index < _messages.Count ? _messages[index] : string.Empty;
        }
    }

    public void Dispose() => _file.Dispose();

    private void Load()
    {
        byte[] header = new byte[HeaderSize];
        long good = 0;
        long length = _file.Length;
        _file.Position = 0;
        while (good + HeaderSize <= length)
        {
            _file.ReadExactly(header);
            int size = BinaryPrimitives.ReadInt32BigEndian(header);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            if (size < 0 || size > MaxRecordLength || good + HeaderSize + size > length)
            {
                break;
            }

            byte[] payload = new byte[size];
            _file.ReadExactly(payload);
            if (Crc32.Compute(payload) != crc)
            {
                break;
            }

            _messages.Add(Encoding.UTF8.GetString(payload));
            good += HeaderSize + size;
        }

        if (good < length)
        {
            DroppedBytes = length - good;
            _file.SetLength(good);
            _file.Flush(flushToDisk: true);
        }
    }

    private void TryTruncate(long length)
    {
        try
        {
            _file.SetLength(length);
        }
        catch (IOException)
        {
            // The next Load drops whatever is left: the CRC catches it.
        }
    }
}
