using MiniRpc.Protocol;

namespace MiniRpc.Client;

/// <summary>PROG_UNAVAIL: the server does not export the program.</summary>
public sealed class RpcProgramUnavailableException : RpcReplyException
{
    internal RpcProgramUnavailableException(ReplyHeader reply, RpcCallInfo call)
        : base($"The server does not offer program {call.Program} (PROG_UNAVAIL)", reply, call)
    {
    }
}
