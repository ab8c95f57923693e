using MiniRpc.Client;

namespace MiniRpc.Portmap;

/// <summary>
/// The portmapper (rpcbind) was asked where a program is and it is not registered there, in that version or over
/// that transport. <see cref="RegisteredVersions"/> lists the versions that are, if any.
/// </summary>
public sealed class RpcProgramNotRegisteredException : RpcException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host asked.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="transport">"tcp" or "udp".</param>
    /// <param name="registeredVersions">The versions of the program registered over that transport.</param>
    public RpcProgramNotRegisteredException(string host, uint program, uint version, string transport, uint[] registeredVersions)
        : base(registeredVersions.Length == 0
            ? $"program {program} version {version} is not registered on host {host} over {transport}"
            : $"program {program} version {version} is not registered on host {host} over {transport} (versions registered: {string.Join(", ", registeredVersions)})")
    {
        Host = host;
        Program = program;
        Version = version;
        Transport = transport;
        RegisteredVersions = registeredVersions;
    }

    /// <summary>The host asked.</summary>
    public string Host { get; }

    /// <summary>The program number.</summary>
    public uint Program { get; }

    /// <summary>The version asked for.</summary>
    public uint Version { get; }

    /// <summary>The transport asked for.</summary>
    public string Transport { get; }

    /// <summary>The versions of the program the portmapper has over that transport (empty when none).</summary>
    public uint[] RegisteredVersions { get; }
}
