using System;

namespace MiniRpc.Client;

/// <summary>
/// The server's reply could not be decoded (RPC_CANTDECODERES): its header or results are malformed. The inner
/// exception, a <see cref="Xdr.XdrFormatException"/>, says what and where.
/// </summary>
public sealed class RpcProtocolException : RpcException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public RpcProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
