using System;
using System.Net;
using Microsoft.Extensions.Logging;

namespace MiniRpc.Client;

/// <summary>The client's log messages: socket steps at Debug, each call at Trace, faults at Warning.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "socket({Family}, {SocketType}) and connect to {RemoteEndPoint}")]
    public static partial void Connecting(ILogger logger, System.Net.Sockets.AddressFamily family, System.Net.Sockets.SocketType socketType, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "connected {LocalEndPoint} -> {RemoteEndPoint}")]
    public static partial void Connected(ILogger logger, EndPoint? localEndPoint, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "shutdown and close the connection to {RemoteEndPoint}: {Reason}")]
    public static partial void Closed(ILogger logger, EndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "close the UDP socket connected to {RemoteEndPoint}")]
    public static partial void DatagramClosed(ILogger logger, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "connection to {RemoteEndPoint} failed; {PendingCalls} pending calls fail with it")]
    public static partial void ConnectionBroken(ILogger logger, EndPoint remoteEndPoint, int pendingCalls, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Trace, Message = "send call xid {Xid:x8}: program {Program} version {Version} procedure {Procedure}, {Length} bytes")]
    public static partial void SendingCall(ILogger logger, uint xid, uint program, uint version, uint procedure, int length);

    [LoggerMessage(EventId = 111, Level = LogLevel.Trace, Message = "receive reply xid {Xid:x8}, {Length} bytes")]
    public static partial void ReceivedReply(ILogger logger, uint xid, int length);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, Message = "dropped a reply with xid {Xid:x8} that matches no pending call (late, duplicate or stray)")]
    public static partial void StrayReply(ILogger logger, uint xid);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "dropped a {Length}-byte message too short to be a reply")]
    public static partial void RuntReply(ILogger logger, int length);

    [LoggerMessage(EventId = 114, Level = LogLevel.Debug, Message = "retransmit call xid {Xid:x8}; next try in {IntervalMs} ms")]
    public static partial void Retransmitting(ILogger logger, uint xid, long intervalMs);

    [LoggerMessage(EventId = 115, Level = LogLevel.Debug, Message = "call xid {Xid:x8} timed out")]
    public static partial void TimedOut(ILogger logger, uint xid);

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "receive from {RemoteEndPoint} failed")]
    public static partial void ReceiveFailed(ILogger logger, EndPoint remoteEndPoint, Exception exception);
}
