using System;
using System.Net;
using Microsoft.Extensions.Logging;
using MiniRpc.Protocol;

namespace MiniRpc.Server;

/// <summary>The server's log messages: socket steps at Debug, each call at Trace, faults at Warning and Error.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "socket({Family}, {SocketType}), bind {EndPoint}, listen")]
    public static partial void Listening(ILogger logger, System.Net.Sockets.AddressFamily family, System.Net.Sockets.SocketType socketType, EndPoint? endPoint);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "socket({Family}, Dgram), bind {EndPoint}")]
    public static partial void Bound(ILogger logger, System.Net.Sockets.AddressFamily family, EndPoint? endPoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "accept {RemoteEndPoint} on {LocalEndPoint} ({Connections} connections)")]
    public static partial void Accepted(ILogger logger, EndPoint? remoteEndPoint, EndPoint? localEndPoint, int connections);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "shutdown and close the connection from {RemoteEndPoint}: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "close the listener on {EndPoint}")]
    public static partial void ListenerClosed(ILogger logger, EndPoint? endPoint);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "refused the connection from {RemoteEndPoint}: already {Connections} connections, the maximum")]
    public static partial void TooManyConnections(ILogger logger, EndPoint? remoteEndPoint, int connections);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "closing the connection from {RemoteEndPoint}: {Reason}")]
    public static partial void LimitHit(ILogger logger, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "the accept loop on {EndPoint} failed")]
    public static partial void AcceptFailed(ILogger logger, EndPoint? endPoint, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Trace, Message = "call xid {Xid:x8} program {Program} version {Version} procedure {Procedure} from {RemoteEndPoint}")]
    public static partial void Call(ILogger logger, uint xid, uint program, uint version, uint procedure, EndPoint? remoteEndPoint);

    [LoggerMessage(EventId = 21, Level = LogLevel.Trace, Message = "reply xid {Xid:x8}: {Reply}")]
    public static partial void Reply(ILogger logger, uint xid, ReplyHeader reply);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "dropped a garbled message from {RemoteEndPoint}: {Reason}")]
    public static partial void Garbled(ILogger logger, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Debug, Message = "GARBAGE_ARGS for xid {Xid:x8} procedure {Procedure} from {RemoteEndPoint}: {Reason}")]
    public static partial void GarbageArguments(ILogger logger, uint xid, uint procedure, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Error, Message = "SYSTEM_ERR for xid {Xid:x8} program {Program} version {Version} procedure {Procedure}: the handler failed")]
    public static partial void HandlerFailed(ILogger logger, uint xid, uint program, uint version, uint procedure, Exception exception);

    [LoggerMessage(EventId = 25, Level = LogLevel.Error, Message = "SYSTEM_ERR for xid {Xid:x8}: the results could not be encoded")]
    public static partial void ResultEncodingFailed(ILogger logger, uint xid, Exception exception);

    [LoggerMessage(EventId = 26, Level = LogLevel.Error, Message = "SYSTEM_ERR for xid {Xid:x8}: the {Length}-byte reply is over the UDP maximum of {Max}")]
    public static partial void ReplyTooLarge(ILogger logger, uint xid, int length, int max);

    [LoggerMessage(EventId = 27, Level = LogLevel.Debug, Message = "the reply to xid {Xid:x8} was not delivered: {Reason}")]
    public static partial void ReplyNotDelivered(ILogger logger, uint xid, string reason);

    [LoggerMessage(EventId = 28, Level = LogLevel.Warning, Message = "dropped a UDP call from {RemoteEndPoint}: {InFlight} calls already in flight")]
    public static partial void UdpBusy(ILogger logger, EndPoint? remoteEndPoint, int inFlight);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "could not remove the portmapper registrations")]
    public static partial void UnregisterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 29, Level = LogLevel.Information, Message = "stopping: {InFlight} calls in flight")]
    public static partial void Stopping(ILogger logger, int inFlight);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "stopped with {InFlight} calls still in flight after the deadline")]
    public static partial void StopDeadlineMissed(ILogger logger, int inFlight);
}
