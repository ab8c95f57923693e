using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Protocol;
using MiniRpc.Xdr;

namespace MiniRpc.Server;

/// <summary>A procedure of a service: decodes its arguments, runs its handler, encodes its results.</summary>
internal abstract class RpcProcedure(uint number, string name)
{
    public uint Number { get; } = number;

    public string Name { get; } = name;

    /// <summary>
    /// Decodes the arguments now (the record they are in lives only until this returns), runs the handler and
    /// sends the reply. The returned task ends when the reply has been handed to the transport.
    /// </summary>
    public abstract ValueTask Invoke(ref XdrReader arguments, RpcCallContext context, ReplyTarget target);
}

/// <summary>A procedure with typed arguments and results.</summary>
internal sealed class RpcProcedure<TArguments, TResult>(
    uint number,
    string name,
    XdrDecoder<TArguments> decodeArguments,
    XdrEncoder<TResult> encodeResult,
    RpcHandler<TArguments, TResult> handler)
    : RpcProcedure(number, name)
{
    public override ValueTask Invoke(ref XdrReader arguments, RpcCallContext context, ReplyTarget target)
    {
        TArguments decoded;
        try
        {
            decoded = decodeArguments(ref arguments);
            arguments.ExpectEnd();
        }
        catch (Exception e)
        {
            // RFC 5531: arguments that do not decode, or leave bytes over, are GARBAGE_ARGS.
            ServerLog.GarbageArguments(target.Logger, context.Xid, context.Procedure, context.RemoteEndPoint, e.Message);
            return target.ReplyAsync(ReplyHeader.Accepted(context.Xid, AcceptStatus.GarbageArgs));
        }

        ValueTask<TResult> running;
        try
        {
            running = handler(decoded, context);
        }
        catch (Exception e)
        {
            return Failed(e, context, target);
        }

        return running.IsCompletedSuccessfully
            ? target.ReplyAsync(ReplyHeader.Success(context.Xid), running.Result, encodeResult)
            : AwaitAndReplyAsync(running, context, target);
    }

    private static ValueTask Failed(Exception e, RpcCallContext context, ReplyTarget target)
    {
        if (e is OperationCanceledException && context.CallAborted.IsCancellationRequested)
        {
            ServerLog.ReplyNotDelivered(target.Logger, context.Xid, "the call was aborted");
            return ValueTask.CompletedTask;
        }

        ServerLog.HandlerFailed(target.Logger, context.Xid, context.Program, context.Version, context.Procedure, e);
        return target.ReplyAsync(ReplyHeader.Accepted(context.Xid, AcceptStatus.SystemErr));
    }

    private async ValueTask AwaitAndReplyAsync(ValueTask<TResult> running, RpcCallContext context, ReplyTarget target)
    {
        TResult result;
        try
        {
            result = await running.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await Failed(e, context, target).ConfigureAwait(false);
            return;
        }

        await target.ReplyAsync(ReplyHeader.Success(context.Xid), result, encodeResult).ConfigureAwait(false);
    }
}
