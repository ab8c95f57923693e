using MiniRpc.Protocol;

namespace MiniRpc.Client;

/// <summary>SYSTEM_ERR: the server failed while running the procedure.</summary>
public sealed class RpcSystemErrorException : RpcReplyException
{
    internal RpcSystemErrorException(ReplyHeader reply, RpcCallInfo call)
        : base("The server failed to run the procedure (SYSTEM_ERR)", reply, call)
    {
    }
}
