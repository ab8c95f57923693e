using MiniRpc.Protocol;

namespace MiniRpc.Client;

/// <summary>
/// The server answered the call with an error reply (RFC 5531 §9). The subclass names the error; <see cref="Reply"/>
/// has every detail the server sent.
/// </summary>
public abstract class RpcReplyException : RpcException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="reply">The reply's header.</param>
    /// <param name="call">The call it answers.</param>
    protected RpcReplyException(string message, ReplyHeader reply, RpcCallInfo call)
        : base($"{message} ({call})")
    {
        Reply = reply;
        Call = call;
    }

    /// <summary>The reply's header as the server sent it.</summary>
    public ReplyHeader Reply { get; }

    /// <summary>The program, version and procedure that were called.</summary>
    public RpcCallInfo Call { get; }

    /// <summary>Builds the exception that matches an error reply.</summary>
    /// <param name="reply">A reply that is not SUCCESS.</param>
    /// <param name="call">The call it answers.</param>
    /// <returns>The exception.</returns>
    public static RpcReplyException FromReply(ReplyHeader reply, RpcCallInfo call) => reply.Status == ReplyStatus.Accepted
        ? reply.AcceptStatus switch
        {
            AcceptStatus.ProgUnavail => new RpcProgramUnavailableException(reply, call),
            AcceptStatus.ProgMismatch => new RpcProgramMismatchException(reply, call),
            AcceptStatus.ProcUnavail => new RpcProcedureUnavailableException(reply, call),
            AcceptStatus.GarbageArgs => new RpcGarbageArgumentsException(reply, call),
            _ => new RpcSystemErrorException(reply, call),
        }
        : reply.RejectStatus == RejectStatus.RpcMismatch
            ? new RpcVersionMismatchException(reply, call)
            : new RpcAuthenticationException(reply, call);
}
