using MiniRpc.Protocol;

namespace MiniRpc.Client;

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
