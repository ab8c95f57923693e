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

/// <summary>PROG_UNAVAIL: the server does not export the program.</summary>
public sealed class RpcProgramUnavailableException : RpcReplyException
{
    internal RpcProgramUnavailableException(ReplyHeader reply, RpcCallInfo call)
        : base($"The server does not offer program {call.Program} (PROG_UNAVAIL)", reply, call)
    {
    }
}

/// <summary>PROG_MISMATCH: the server has the program but not the version; <see cref="Low"/> and <see cref="High"/> say which it has.</summary>
public sealed class RpcProgramMismatchException : RpcReplyException
{
    internal RpcProgramMismatchException(ReplyHeader reply, RpcCallInfo call)
        : base($"The server has versions {reply.Mismatch.Low} to {reply.Mismatch.High} of program {call.Program}, not {call.Version} (PROG_MISMATCH)", reply, call)
    {
    }

    /// <summary>The lowest version the server has.</summary>
    public uint Low => Reply.Mismatch.Low;

    /// <summary>The highest version the server has.</summary>
    public uint High => Reply.Mismatch.High;
}

/// <summary>PROC_UNAVAIL: the program has no such procedure.</summary>
public sealed class RpcProcedureUnavailableException : RpcReplyException
{
    internal RpcProcedureUnavailableException(ReplyHeader reply, RpcCallInfo call)
        : base($"Program {call.Program} version {call.Version} has no procedure {call.Procedure} (PROC_UNAVAIL)", reply, call)
    {
    }
}

/// <summary>GARBAGE_ARGS: the server could not decode the arguments.</summary>
public sealed class RpcGarbageArgumentsException : RpcReplyException
{
    internal RpcGarbageArgumentsException(ReplyHeader reply, RpcCallInfo call)
        : base("The server could not decode the arguments (GARBAGE_ARGS)", reply, call)
    {
    }
}

/// <summary>SYSTEM_ERR: the server failed while running the procedure.</summary>
public sealed class RpcSystemErrorException : RpcReplyException
{
    internal RpcSystemErrorException(ReplyHeader reply, RpcCallInfo call)
        : base("The server failed to run the procedure (SYSTEM_ERR)", reply, call)
    {
    }
}

/// <summary>RPC_MISMATCH: the server does not speak the RPC version of the call; <see cref="Low"/> and <see cref="High"/> say which it does.</summary>
public sealed class RpcVersionMismatchException : RpcReplyException
{
    internal RpcVersionMismatchException(ReplyHeader reply, RpcCallInfo call)
        : base($"The server speaks RPC versions {reply.Mismatch.Low} to {reply.Mismatch.High} only (RPC_MISMATCH)", reply, call)
    {
    }

    /// <summary>The lowest RPC version the server speaks.</summary>
    public uint Low => Reply.Mismatch.Low;

    /// <summary>The highest RPC version the server speaks.</summary>
    public uint High => Reply.Mismatch.High;
}

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
