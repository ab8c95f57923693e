using MiniRpc.Protocol;

namespace MiniRpc.Client;

/// <summary>AUTH_ERROR: the server refused the call's credentials; <see cref="AuthStat"/> says why.</summary>
public sealed class RpcAuthenticationException : RpcReplyException
{
    internal RpcAuthenticationException(ReplyHeader reply, RpcCallInfo call)
        : base($"The server refused the credentials: {reply.AuthStat} (AUTH_ERROR)", reply, call)
    {
    }

    /// <summary>Why the credentials were refused.</summary>
    public AuthStat AuthStat => Reply.AuthStat;
}
