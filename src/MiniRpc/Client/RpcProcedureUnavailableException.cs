using MiniRpc.Protocol;

namespace MiniRpc.Client;

/// <summary>PROC_UNAVAIL: the program has no such procedure.</summary>
public sealed class RpcProcedureUnavailableException : RpcReplyException
{
    internal RpcProcedureUnavailableException(ReplyHeader reply, RpcCallInfo call)
        : base($"Program {call.Program} version {call.Version} has no procedure {call.Procedure} (PROC_UNAVAIL)", reply, call)
    {
    }
}
