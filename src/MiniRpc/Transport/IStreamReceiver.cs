using System;

namespace MiniRpc.Transport;

/// <summary>
/// Takes a stream socket's bytes as they come, on the event loop's thread (see
/// <see cref="SocketIo.TryReceiveStreamOnLoop"/>): a client connection's receive path without an asynchronous loop,
/// so that a reply costs the loop one recv and no continuation in between.
/// </summary>
internal interface IStreamReceiver
{
    /// <summary>Where the bytes are received; each receive is handed to <see cref="OnReceived"/> before the next one.</summary>
    Span<byte> ReceiveBuffer { get; }

    /// <summary>
    /// <paramref name="length"/> bytes (at least one), at the start of <see cref="ReceiveBuffer"/>. Whatever goes
    /// wrong in handling them is the receiver's to deal with (it closes the socket, say); an exception that escapes
    /// ends the stream (<see cref="OnEnded"/> with it).
    /// </summary>
    void OnReceived(int length);

    /// <summary>
    /// The stream ended: closed by the peer (<paramref name="failure"/> null) or failed (a socket disposed while the loop
    /// was receiving fails with <see cref="ObjectDisposedException"/>). Comes at most once, and nothing is handed over
    /// after it; once the socket is disposed it may not come at all.
    /// </summary>
    void OnEnded(Exception? failure);
}
