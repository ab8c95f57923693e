using System;

namespace MiniRpc.Client;

/// <summary>A remote procedure call failed. The subclasses say how: an error reply, a timeout, a broken connection.</summary>
public class RpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RpcException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
