using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Internal;
using MiniRpc.Protocol;
using MiniRpc.Xdr;

namespace MiniRpc.Server;

/// <summary>Where a call's reply goes, and the encoding of replies shared by every transport.</summary>
internal readonly struct ReplyTarget(IRpcResponder responder, EndPoint? remoteEndPoint, ILogger logger)
{
    public ILogger Logger { get; } = logger;

    /// <summary>Sends a reply with no results: an error, or SUCCESS of a void procedure.</summary>
    public ValueTask ReplyAsync(ReplyHeader header) => ReplyAsync(header, XdrVoid.Value, XdrVoid.Encoder);

    /// <summary>Encodes the reply header and the results and sends them. Results that fail to encode become SYSTEM_ERR.</summary>
    public ValueTask ReplyAsync<TResult>(ReplyHeader header, TResult result, XdrEncoder<TResult> encodeResult)
    {
        PooledBufferWriter reply = PooledBufferWriter.Rent();
        try
        {
            var writer = new XdrWriter(reply);
            header.Write(ref writer);
            encodeResult(ref writer, result);
            writer.Flush();
        }
        catch (Exception e)
        {
            ServerLog.ResultEncodingFailed(Logger, header.Xid, e);
            header = ReplyHeader.Accepted(header.Xid, AcceptStatus.SystemErr);
            reply.Reset();
            var writer = new XdrWriter(reply);
            header.Write(ref writer);
            writer.Flush();
        }

        ServerLog.Reply(Logger, header.Xid, header);
        return responder.SendAsync(reply, header.Xid, remoteEndPoint);
    }
}
