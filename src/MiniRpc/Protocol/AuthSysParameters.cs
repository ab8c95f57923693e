using System;
using System.Buffers;
using System.Collections.Generic;
using MiniRpc.Xdr;

namespace MiniRpc.Protocol;

/// <summary>
/// <c>authsys_parms</c>: the body of an AUTH_SYS credential (RFC 5531 appendix A): a stamp, the caller's machine
/// name (at most 255 bytes), uid, gid and up to 16 supplementary gids.
/// </summary>
public sealed class AuthSysParameters
{
    /// <summary>The bound of <see cref="MachineName"/> in UTF-8 bytes: <c>string machinename&lt;255&gt;</c>.</summary>
    public const int MaxMachineNameLength = 255;

    /// <summary>The bound of <see cref="Gids"/>: <c>unsigned int gids&lt;16&gt;</c>.</summary>
    public const int MaxGids = 16;

    private readonly uint[] _gids;

    /// <summary>Creates AUTH_SYS parameters.</summary>
    /// <param name="stamp">An arbitrary id the caller's machine may generate.</param>
    /// <param name="machineName">The caller's machine name, at most 255 UTF-8 bytes.</param>
    /// <param name="uid">The caller's effective user id.</param>
    /// <param name="gid">The caller's effective group id.</param>
    /// <param name="gids">The groups the caller is a member of, at most 16.</param>
    /// <exception cref="ArgumentException">The machine name or the group list is over its bound.</exception>
    public AuthSysParameters(uint stamp, string machineName, uint uid, uint gid, IEnumerable<uint>? gids = null)
    {
        ArgumentNullException.ThrowIfNull(machineName);
        if (System.Text.Encoding.UTF8.GetByteCount(machineName) > MaxMachineNameLength)
        {
            throw new ArgumentException($"An AUTH_SYS machine name has at most {MaxMachineNameLength} bytes.", nameof(machineName));
        }

        uint[] groups = gids is null ? [] : [.. gids];
        if (groups.Length > MaxGids)
        {
            throw new ArgumentException($"An AUTH_SYS credential carries at most {MaxGids} groups; {groups.Length} were given.", nameof(gids));
        }

        Stamp = stamp;
        MachineName = machineName;
        Uid = uid;
        Gid = gid;
        _gids = groups;
    }

    /// <summary>An arbitrary id the caller's machine may generate.</summary>
    public uint Stamp { get; }

    /// <summary>The caller's machine name.</summary>
    public string MachineName { get; }

    /// <summary>The caller's effective user id.</summary>
    public uint Uid { get; }

    /// <summary>The caller's effective group id.</summary>
    public uint Gid { get; }

    /// <summary>The groups the caller is a member of.</summary>
    public IReadOnlyList<uint> Gids => _gids;

    /// <summary>Writes the parameters as XDR.</summary>
    /// <param name="writer">The writer.</param>
    public void Write(ref XdrWriter writer)
    {
        writer.WriteUInt32(Stamp);
        writer.WriteString(MachineName, MaxMachineNameLength);
        writer.WriteUInt32(Uid);
        writer.WriteUInt32(Gid);
        writer.WriteArrayLength(_gids.Length, MaxGids);
        foreach (uint group in _gids)
        {
            writer.WriteUInt32(group);
        }
    }

    /// <summary>Reads parameters written by <see cref="Write"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="XdrFormatException">The data is malformed or a bound is exceeded.</exception>
    public static AuthSysParameters Read(ref XdrReader reader)
    {
        uint stamp = reader.ReadUInt32();
        string machineName = reader.ReadString(MaxMachineNameLength);
        uint uid = reader.ReadUInt32();
        uint gid = reader.ReadUInt32();
        int count = reader.ReadArrayLength(MaxGids);
        var gids = new uint[count];
        for (int i = 0; i < gids.Length; i++)
        {
            gids[i] = reader.ReadUInt32();
        }

        return new AuthSysParameters(stamp, machineName, uid, gid, gids);
    }

    /// <summary>Wraps the parameters in an AUTH_SYS credential.</summary>
    /// <returns>The credential.</returns>
    public OpaqueAuth ToOpaqueAuth()
    {
        // At most 4 + 4 + 256 + 4 + 4 + 4 + 16 * 4 = 340 bytes: always within the 400-byte body limit.
        var buffer = new ArrayBufferWriter<byte>(340);
        var writer = new XdrWriter(buffer);
        Write(ref writer);
        writer.Flush();
        return new OpaqueAuth(AuthFlavor.Sys, buffer.WrittenMemory);
    }

    /// <summary>Reads the parameters from the body of an AUTH_SYS credential; the body must hold nothing else.</summary>
    /// <param name="credential">The credential.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The credential's flavor is not AUTH_SYS.</exception>
    /// <exception cref="XdrFormatException">The body is malformed or has trailing bytes.</exception>
    public static AuthSysParameters FromOpaqueAuth(OpaqueAuth credential)
    {
        if (credential.Flavor != AuthFlavor.Sys)
        {
            throw new ArgumentException($"The credential's flavor is {credential.Flavor}, not AUTH_SYS.", nameof(credential));
        }

        var reader = new XdrReader(credential.Body.Span);
        AuthSysParameters parameters = Read(ref reader);
        reader.ExpectEnd();
        return parameters;
    }

    /// <inheritdoc/>
    public override string ToString() => $"AUTH_SYS uid={Uid} gid={Gid} gids=[{string.Join(",", _gids)}] machine={MachineName} stamp={Stamp}";
}
