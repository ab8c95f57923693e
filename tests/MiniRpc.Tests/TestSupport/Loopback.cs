using System.Net;
using System.Net.Sockets;

namespace MiniRpc.Tests.TestSupport;

internal static class Loopback
{
    /// <summary>A loopback endpoint nothing listens on: a port the kernel gave out and took back.</summary>
    public static IPEndPoint FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }
}
