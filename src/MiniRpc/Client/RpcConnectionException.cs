using System;

namespace MiniRpc.Client;

/// <summary>
/// The connection to the server could not be made or broke while the call was pending (RPC_CANTSEND /
/// RPC_CANTRECV in libtirpc's terms). The inner exception, often a <see cref="System.Net.Sockets.SocketException"/>,
/// has the cause.
/// </summary>
public sealed class RpcConnectionException : RpcException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RpcConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
