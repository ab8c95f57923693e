using System;
using MiniRpc.Xdr;

namespace MiniRpc.Benchmarks;

/// <summary>
/// A large nested struct with a hand-written codec, shaped like what the generator emits for
/// <code>
/// enum volume_state { ONLINE = 1, DEGRADED = 2, OFFLINE = 3 };
/// struct file_entry { unsigned hyper fileid; string name&lt;255&gt;; unsigned int mode; hyper size; bool is_dir; };
/// struct volume_report {
///     unsigned int id; int generation; hyper created; unsigned hyper capacity; unsigned hyper used;
///     double load; float ratio; bool read_only; bool encrypted; volume_state state;
///     string name&lt;64&gt;; string owner&lt;64&gt;; opaque fsid[16]; opaque cookie&lt;32&gt;;
///     int errors; unsigned int warnings; hyper last_scrub; unsigned hyper inodes; unsigned int flags; int quota_class;
///     file_entry entries&lt;&gt;;
/// };
/// </code>
/// 20 scalar and string fields, then 100 entries.
/// </summary>
public sealed class VolumeReport
{
    public uint Id { get; set; }
    public int Generation { get; set; }
    public long Created { get; set; }
    public ulong Capacity { get; set; }
    public ulong Used { get; set; }
    public double Load { get; set; }
    public float Ratio { get; set; }
    public bool ReadOnly { get; set; }
    public bool Encrypted { get; set; }
    public VolumeState State { get; set; }
    public string Name { get; set; } = string.Empty;
    public string Owner { get; set; } = string.Empty;
    public byte[] FsId { get; set; } = new byte[16];
    public byte[] Cookie { get; set; } = Array.Empty<byte>();
    public int Errors { get; set; }
    public uint Warnings { get; set; }
    public long LastScrub { get; set; }
    public ulong Inodes { get; set; }
    public uint Flags { get; set; }
    public int QuotaClass { get; set; }
    public FileEntry[] Entries { get; set; } = Array.Empty<FileEntry>();
}

public enum VolumeState
{
    Online = 1,
    Degraded = 2,
    Offline = 3,
}

public readonly record struct FileEntry(ulong FileId, string Name, uint Mode, long Size, bool IsDirectory);

/// <summary>The codec, written as the generator writes codecs: one static method per type and direction.</summary>
public static class VolumeReportCodec
{
    private static readonly XdrEncoder<FileEntry> s_encodeEntry = EncodeEntry;
    private static readonly XdrDecoder<FileEntry> s_decodeEntry = DecodeEntry;

    public static void Encode(ref XdrWriter writer, VolumeReport value)
    {
        writer.WriteUInt32(value.Id);
        writer.WriteInt32(value.Generation);
        writer.WriteInt64(value.Created);
        writer.WriteUInt64(value.Capacity);
        writer.WriteUInt64(value.Used);
        writer.WriteDouble(value.Load);
        writer.WriteSingle(value.Ratio);
        writer.WriteBoolean(value.ReadOnly);
        writer.WriteBoolean(value.Encrypted);
        writer.WriteEnum(value.State);
        writer.WriteString(value.Name, 64);
        writer.WriteString(value.Owner, 64);
        writer.WriteFixedOpaque(value.FsId, 16);
        writer.WriteOpaque(value.Cookie, 32);
        writer.WriteInt32(value.Errors);
        writer.WriteUInt32(value.Warnings);
        writer.WriteInt64(value.LastScrub);
        writer.WriteUInt64(value.Inodes);
        writer.WriteUInt32(value.Flags);
        writer.WriteInt32(value.QuotaClass);
        writer.WriteVariableArray<FileEntry>(value.Entries, XdrSize.Unbounded, s_encodeEntry);
    }

    public static VolumeReport Decode(ref XdrReader reader) => new VolumeReport
    {
        Id = reader.ReadUInt32(),
        Generation = reader.ReadInt32(),
        Created = reader.ReadInt64(),
        Capacity = reader.ReadUInt64(),
        Used = reader.ReadUInt64(),
        Load = reader.ReadDouble(),
        Ratio = reader.ReadSingle(),
        ReadOnly = reader.ReadBoolean(),
        Encrypted = reader.ReadBoolean(),
        State = reader.ReadEnum<VolumeState>(),
        Name = reader.ReadString(64),
        Owner = reader.ReadString(64),
        FsId = reader.ReadFixedOpaque(16),
        Cookie = reader.ReadOpaque(32),
        Errors = reader.ReadInt32(),
        Warnings = reader.ReadUInt32(),
        LastScrub = reader.ReadInt64(),
        Inodes = reader.ReadUInt64(),
        Flags = reader.ReadUInt32(),
        QuotaClass = reader.ReadInt32(),
        Entries = reader.ReadVariableArray(XdrSize.Unbounded, s_decodeEntry, minElementSize: 28),
    };

    private static void EncodeEntry(ref XdrWriter writer, FileEntry value)
    {
        writer.WriteUInt64(value.FileId);
        writer.WriteString(value.Name, 255);
        writer.WriteUInt32(value.Mode);
        writer.WriteInt64(value.Size);
        writer.WriteBoolean(value.IsDirectory);
    }

    private static FileEntry DecodeEntry(ref XdrReader reader) => new FileEntry(
        reader.ReadUInt64(),
        reader.ReadString(255),
        reader.ReadUInt32(),
        reader.ReadInt64(),
        reader.ReadBoolean());
}
