namespace MiniRpc.Protocol;

/// <summary><c>reject_stat</c>: why a call was denied (RFC 5531 §9).</summary>
public enum RejectStatus
{
    /// <summary><c>RPC_MISMATCH</c>: the RPC version was not 2; the lowest and highest versions the server speaks follow.</summary>
    RpcMismatch = 0,

    /// <summary><c>AUTH_ERROR</c>: the server refused the caller's credentials; an <see cref="AuthStat"/> follows.</summary>
    AuthError = 1,
}
