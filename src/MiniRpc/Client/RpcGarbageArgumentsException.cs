using MiniRpc.Protocol;

namespace MiniRpc.Client;

/// <summary>GARBAGE_ARGS: the server could not decode the arguments.</summary>
public sealed class RpcGarbageArgumentsException : RpcReplyException
{
    internal RpcGarbageArgumentsException(ReplyHeader reply, RpcCallInfo call)
        : base("The server could not decode the arguments (GARBAGE_ARGS)", reply, call)
    {
    }
}
