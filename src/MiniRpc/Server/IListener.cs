using System;
using System.Net;

namespace MiniRpc.Server;

/// <summary>A socket the server accepts connections or receives datagrams on.</summary>
internal interface IListener : IAsyncDisposable
{
    EndPoint LocalEndPoint { get; }

    /// <summary>Stops taking new connections or datagrams; what is in flight goes on.</summary>
    void StopAccepting();
}
