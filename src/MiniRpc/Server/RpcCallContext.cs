using System.Net;
using System.Threading;
using MiniRpc.Protocol;

namespace MiniRpc.Server;

/// <summary>What a procedure knows about the call it is running: the numbers, the credentials, the caller.</summary>
public sealed class RpcCallContext
{
    internal RpcCallContext(in CallHeader call, AuthSysParameters? authSys, EndPoint? remoteEndPoint, RpcTransport transport, UnixCredentials? peerCredentials, CancellationToken callAborted)
    {
        PeerCredentials = peerCredentials;
        Xid = call.Xid;
        Program = call.Program;
        Version = call.Version;
        Procedure = call.Procedure;
        Credential = call.Credential;
        Verifier = call.Verifier;
        AuthSys = authSys;
        RemoteEndPoint = remoteEndPoint;
        Transport = transport;
        CallAborted = callAborted;
    }

    /// <summary>The call's transaction id.</summary>
    public uint Xid { get; }

    /// <summary>The program number.</summary>
    public uint Program { get; }

    /// <summary>The program version.</summary>
    public uint Version { get; }

    /// <summary>The procedure number.</summary>
    public uint Procedure { get; }

    /// <summary>The caller's credential as sent.</summary>
    public OpaqueAuth Credential { get; }

    /// <summary>The caller's verifier as sent.</summary>
    public OpaqueAuth Verifier { get; }

    /// <summary>The caller's uid, gid and groups when the credential is AUTH_SYS; null for AUTH_NONE.</summary>
    public AuthSysParameters? AuthSys { get; }

    /// <summary>The caller's address: an <see cref="IPEndPoint"/> for TCP and UDP; for a Unix socket, usually unnamed.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Over a Unix domain socket, who the caller is as the kernel vouches (unlike AUTH_SYS, which the caller states);
    /// null over TCP and UDP.
    /// </summary>
    public UnixCredentials? PeerCredentials { get; }

    /// <summary>The transport the call came on.</summary>
    public RpcTransport Transport { get; }

    /// <summary>Canceled when the reply can no longer be delivered: the connection closed or the server stopped.</summary>
    public CancellationToken CallAborted { get; }

    /// <inheritdoc/>
    public override string ToString() => $"xid {Xid:x8} program {Program} version {Version} procedure {Procedure} from {RemoteEndPoint} over {Transport}";
}
