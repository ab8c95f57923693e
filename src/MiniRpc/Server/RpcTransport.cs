namespace MiniRpc.Server;

/// <summary>The transport a call arrived on.</summary>
public enum RpcTransport
{
    /// <summary>TCP, with record marking.</summary>
    Tcp,

    /// <summary>UDP, one datagram per message.</summary>
    Udp,

    /// <summary>A Unix domain stream socket, with record marking.</summary>
    Unix,
}
