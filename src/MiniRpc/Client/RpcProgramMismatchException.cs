using MiniRpc.Protocol;

namespace MiniRpc.Client;

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
