using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Transport.Native;

namespace MiniRpc.Transport;

/// <summary>
/// The I/O of one socket as the client's and the server's loops use it: a connected stream, a connected UDP
/// socket (client), or a bound UDP socket (server). Two engines: .NET's own socket engine, and on Linux MiniRpc's
/// event loop (<see cref="EventLoop"/>), which runs continuations on the thread that saw the socket become ready
/// instead of handing them to the thread pool.
/// </summary>
internal abstract class SocketIo : IDisposable
{
    protected SocketIo(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <summary>
    /// The engine for <paramref name="socket"/>: the event loop when asked for and supported, .NET's otherwise. A socket
    /// given to the event loop must never have been used with .NET's asynchronous operations (connect included):
    /// those register it with .NET's own epoll as well, and every readiness change would then wake both.
    /// </summary>
    public static SocketIo Create(Socket socket, bool useEventLoop, bool forClient)
        => useEventLoop && EventLoop.TryGetNext(forClient, out EventLoop? loop) ? new EpollSocketIo(socket, loop) : new DotNetSocketIo(socket);

    /// <summary>connect: completes once the socket is connected; fails with <see cref="SocketException"/>.</summary>
    public abstract ValueTask ConnectAsync(System.Net.EndPoint remoteEndPoint, CancellationToken cancellationToken);

    /// <summary>Completes when data (or the end of the stream) can be read, without taking a buffer.</summary>
    public abstract ValueTask WaitReadableAsync(CancellationToken cancellationToken);

    /// <summary>Receives what is there, at least one byte; 0 at the end of the stream.</summary>
    public abstract ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends part of <paramref name="buffer"/>, at least one byte; returns how much.</summary>
    public abstract ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>recvfrom: one datagram and its sender.</summary>
    public abstract ValueTask<SocketReceiveFromResult> ReceiveFromAsync(Memory<byte> buffer, System.Net.EndPoint anyEndPoint, CancellationToken cancellationToken);

    /// <summary>sendto: one datagram.</summary>
    public abstract ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, System.Net.EndPoint remoteEndPoint, CancellationToken cancellationToken);

    /// <summary>
    /// Receives on the calling thread, as a synchronous call does: waits up to <paramref name="timeoutMilliseconds"/>
    /// for something to read, then receives what is there. 0 at the end of the stream, -1 when nothing came in time.
    /// Only while nothing else reads the socket.
    /// </summary>
    public abstract int Receive(Span<byte> buffer, int timeoutMilliseconds);

    /// <summary>
    /// Sends what the socket takes of <paramref name="buffer"/> now, without waiting: the byte count (0 when it
    /// would block), or -1 when this engine cannot tell without waiting (use <see cref="SendAsync"/>).
    /// </summary>
    public virtual int TrySendNow(ReadOnlySpan<byte> buffer) => -1;

    /// <summary>
    /// Sends part of <paramref name="buffer"/> (at least one byte) on the calling thread, waiting up to
    /// <paramref name="timeoutMilliseconds"/> for room; -1 when none came in time.
    /// </summary>
    public abstract int Send(ReadOnlySpan<byte> buffer, int timeoutMilliseconds);

    /// <summary>
    /// Stops watching the socket for readiness until the next asynchronous wait, so that replies read by synchronous
    /// calls wake nobody else. Does nothing while a wait is pending.
    /// </summary>
    public virtual void PauseEvents()
    {
    }

    /// <summary>
    /// Hands each datagram to <paramref name="receiver"/> on the event loop's thread as it comes, in place of
    /// <see cref="ReceiveFromAsync"/> calls: one recvfrom per readiness event and no continuation in between. False
    /// when this socket cannot (a stream, or no event loop); use <see cref="ReceiveFromAsync"/> then. Stops at
    /// <see cref="Dispose"/>.
    /// </summary>
    public virtual bool TryReceiveDatagramsOnLoop(IDatagramReceiver receiver) => false;

    /// <summary>
    /// Hands each datagram to <paramref name="receiver"/> on a thread of this socket's own, which blocks in
    /// <c>recvfrom</c>: one system call per datagram, and the kernel wakes that thread from the socket itself, with
    /// no epoll in between (a UDP server's one socket, as a DNS server reads it). The task completes once the thread
    /// has ended, after <see cref="Dispose"/>, and then nothing more reaches the receiver. Null when this socket
    /// cannot (a stream, or no native I/O here); use <see cref="ReceiveFromAsync"/> then.
    /// </summary>
    public virtual Task? TryReceiveDatagramsOnThread(IDatagramReceiver receiver, string threadName) => null;

    /// <summary>
    /// Hands a stream's bytes to <paramref name="receiver"/> on the event loop's thread as they come, in place of
    /// <see cref="ReceiveAsync"/> calls: the loop receives until the socket is drained and no continuation runs in
    /// between. False when this socket cannot (a datagram socket, or no event loop); use <see cref="ReceiveAsync"/>
    /// then. Stops at <see cref="Dispose"/>, or once the stream ended.
    /// </summary>
    public virtual bool TryReceiveStreamOnLoop(IStreamReceiver receiver) => false;

    /// <summary>
    /// Called on the loop's thread by the receiver of <see cref="TryReceiveStreamOnLoop"/>: hands nothing more to it;
    /// <see cref="ReceiveAsync"/> and <see cref="WaitReadableAsync"/> read the socket from now on.
    /// </summary>
    public virtual void StopReceivingOnLoop()
    {
    }

    /// <summary>shutdown(SHUT_RDWR), ignoring a peer that is gone already.</summary>
    public void Shutdown()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Nothing left to shut down.
        }
    }

    /// <summary>Closes the socket; a receive or send still waiting fails.</summary>
    public abstract void Dispose();
}

/// <summary>.NET's socket engine: completions run on the thread pool.</summary>
internal sealed class DotNetSocketIo(Socket socket) : SocketIo(socket)
{
    public override ValueTask ConnectAsync(System.Net.EndPoint remoteEndPoint, CancellationToken cancellationToken)
        => Socket.ConnectAsync(remoteEndPoint, cancellationToken);

    public override ValueTask WaitReadableAsync(CancellationToken cancellationToken)
    {
        ValueTask<int> wait = Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
        if (wait.IsCompletedSuccessfully)
        {
            return ValueTask.CompletedTask;
        }

        return Await(wait);

        static async ValueTask Await(ValueTask<int> wait) => await wait.ConfigureAwait(false);
    }

    public override ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        => Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public override ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        => Socket.SendAsync(buffer, SocketFlags.None, cancellationToken);

    public override ValueTask<SocketReceiveFromResult> ReceiveFromAsync(Memory<byte> buffer, System.Net.EndPoint anyEndPoint, CancellationToken cancellationToken)
        => Socket.ReceiveFromAsync(buffer, SocketFlags.None, anyEndPoint, cancellationToken);

    public override async ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, System.Net.EndPoint remoteEndPoint, CancellationToken cancellationToken)
        => await Socket.SendToAsync(datagram, SocketFlags.None, remoteEndPoint, cancellationToken).ConfigureAwait(false);

    public override int Receive(Span<byte> buffer, int timeoutMilliseconds)
        => Socket.Poll(TimeSpan.FromMilliseconds(timeoutMilliseconds), SelectMode.SelectRead) ? Socket.Receive(buffer, SocketFlags.None) : -1;

    public override int Send(ReadOnlySpan<byte> buffer, int timeoutMilliseconds)
        => Socket.Poll(TimeSpan.FromMilliseconds(timeoutMilliseconds), SelectMode.SelectWrite) ? Socket.Send(buffer, SocketFlags.None) : -1;

    public override void Dispose() => Socket.Dispose();
}
