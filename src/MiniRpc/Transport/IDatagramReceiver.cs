using System;
using System.Net;
using System.Net.Sockets;

namespace MiniRpc.Transport;

/// <summary>
/// Takes a datagram socket's datagrams as they come, on the event loop's thread (see
/// <see cref="SocketIo.TryReceiveDatagramsOnLoop"/>: a UDP client's replies) or on the socket's own thread (see
/// <see cref="SocketIo.TryReceiveDatagramsOnThread"/>: a UDP server's calls), with no asynchronous loop in between.
/// </summary>
internal interface IDatagramReceiver
{
    /// <summary>Where each datagram is received; it is handed to <see cref="OnDatagram"/> before the next one.</summary>
    Span<byte> ReceiveBuffer { get; }

    /// <summary>
    /// A datagram of <paramref name="length"/> bytes, at the start of <see cref="ReceiveBuffer"/>, from
    /// <paramref name="sender"/>; null on a socket connected when it was handed over (its peer sent it: received with
    /// recv, which copies no address out).
    /// </summary>
    void OnDatagram(int length, EndPoint? sender);

    /// <summary>recvfrom failed (an ICMP error about an earlier datagram, say); the error is cleared and receiving goes on.</summary>
    void OnReceiveError(SocketException error);
}
