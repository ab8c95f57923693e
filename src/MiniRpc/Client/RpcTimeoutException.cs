using System;

namespace MiniRpc.Client;

/// <summary>No reply came within the call's timeout (RPC_TIMEDOUT in libtirpc's terms).</summary>
public sealed class RpcTimeoutException : RpcException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="timeout">The timeout that expired.</param>
    /// <param name="xid">The call's transaction id.</param>
    public RpcTimeoutException(TimeSpan timeout, uint xid)
        : base($"No reply to call xid {xid:x8} within {timeout.TotalSeconds:0.###} s.")
    {
        Timeout = timeout;
        Xid = xid;
    }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The call's transaction id.</summary>
    public uint Xid { get; }
}
