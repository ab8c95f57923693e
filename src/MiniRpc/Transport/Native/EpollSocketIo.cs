using System;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace MiniRpc.Transport.Native;

/// <summary>
/// A socket on an <see cref="EventLoop"/>: receive and send try the system call at once (MSG_DONTWAIT) and only when
/// it would block wait for the next edge. The socket is registered once, edge-triggered for reads (EPOLLOUT is added
/// only while a send waits); an edge that comes while nobody waits is remembered. The continuation of a wait runs on
/// the loop's thread. A socket given to a receiver (<see cref="IStreamReceiver"/>, <see cref="IDatagramReceiver"/>)
/// is read by the loop itself, which hands over what it received with no wait and no continuation in between. A UDP
/// server's socket is read by a thread of its own instead, asleep in recvfrom (<see cref="TryReceiveDatagramsOnThread"/>),
/// and a synchronous caller on a blocking descriptor sleeps in recv itself (<see cref="Receive"/>).
/// </summary>
/// <remarks>
/// A datagram socket is registered level-triggered instead, as libtirpc's poll loop sees it: after a datagram, the
/// next wait asks epoll whether another one is queued, where edge-triggered would need a recv that says EAGAIN (one
/// more system call per datagram on an otherwise idle socket). An interest that fires with nobody waiting is dropped
/// until the next wait, so that it cannot fire again and again.
/// </remarks>
internal sealed class EpollSocketIo : SocketIo, IEventLoopHandler
{
    private static readonly Action<object?> s_cancelRead = state => ((EpollSocketIo)state!).Cancel(read: true);
    private static readonly Action<object?> s_cancelWrite = state => ((EpollSocketIo)state!).Cancel(read: false);

    private readonly EventLoop _loop;
    private readonly SafeSocketHandle _handle;
    private readonly int _fd;
    private readonly ulong _id;
    private readonly Lock _gate = new();
    private readonly Waiter _reader = new();
    private readonly Waiter _writer = new();
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private bool _registered;
    private bool _watchingWrites;
    private bool _watchingReads;
    private bool _disposed;
    private bool _readPending;
    private bool _writePending;
    private bool _readReady;
    private bool _writeReady;
    private bool _drained;
    private bool _hangUp;
    private readonly bool _isStream;
    private CachedAddress? _lastSender;
    private IDatagramReceiver? _datagramReceiver;
    private IStreamReceiver? _streamReceiver;
    private bool _streamEnded;
    private bool _receivingOnThread;
    private bool _receivesFromPeer; // the datagram receiver's socket is connected: recv, with no address to copy out
    private int _receiveTimeout; // SO_RCVTIMEO as set by ReceiveBlocking; 0 is the socket's own default (none)
    private bool? _descriptorBlocking; // O_NONBLOCK clear, as fcntl said at the first synchronous receive

    public EpollSocketIo(Socket socket, EventLoop loop)
        : base(socket)
    {
        _loop = loop;
        _handle = socket.SafeHandle;
        _fd = (int)_handle.DangerousGetHandle();
        _id = loop.Add(this);
        _isStream = socket.SocketType == SocketType.Stream;
    }

    /// <summary>A non-blocking connect, then a wait for EPOLLOUT and SO_ERROR: .NET's engine never sees the socket.</summary>
    public override async ValueTask ConnectAsync(System.Net.EndPoint remoteEndPoint, CancellationToken cancellationToken)
    {
        Socket.Blocking = false;
        try
        {
            Socket.Connect(remoteEndPoint);
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // Under way: wait below.
        }

        try
        {
            await WaitAsync(read: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StopWatchingWrites();
        }

        var error = (SocketError)(int)Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }

    public override ValueTask WaitReadableAsync(CancellationToken cancellationToken) => WaitAsync(read: true, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // After a short read the socket was drained: no new edge since means nothing to read yet, so wait first
        // rather than spend a recv on EAGAIN (the wait returns at once after a hang-up or an edge nobody waited for).
        if (_drained)
        {
            await WaitAsync(read: true, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Volatile.Write(ref _readReady, false);
            int received = TryReceive(buffer.Span);
            if (received >= 0)
            {
                // After a short stream read the socket is drained. A datagram socket may hold more datagrams: its
                // level-triggered registration says so at the next wait.
                _drained = !_isStream || received < buffer.Length;
                return received;
            }

            await WaitAsync(read: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int sent = TrySend(buffer.Span);
        return sent >= 0 ? new ValueTask<int>(sent) : SendSlowAsync(buffer, null, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<SocketReceiveFromResult> ReceiveFromAsync(Memory<byte> buffer, EndPoint anyEndPoint, CancellationToken cancellationToken)
    {
        // After a datagram, ask epoll (level-triggered) whether another is queued rather than spend a recvfrom on EAGAIN.
        if (_drained)
        {
            await WaitAsync(read: true, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Volatile.Write(ref _readReady, false);
            int received = TryReceiveFrom(buffer.Span, LinuxNative.MSG_DONTWAIT, out EndPoint? sender);
            if (received >= 0)
            {
                _drained = true;
                return new SocketReceiveFromResult { ReceivedBytes = received, RemoteEndPoint = sender! };
            }

            await WaitAsync(read: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, EndPoint remoteEndPoint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TrySendTo(datagram.Span, remoteEndPoint) ? ValueTask.CompletedTask : new ValueTask(SendSlowAsync(datagram, remoteEndPoint, cancellationToken).AsTask());
    }

    public override int TrySendNow(ReadOnlySpan<byte> buffer) => Math.Max(TrySend(buffer), 0);

    public override int Receive(Span<byte> buffer, int timeoutMilliseconds)
    {
        // The kernel's mode, not Socket.Blocking: .NET keeps a descriptor non-blocking once it was, whatever that says.
        _descriptorBlocking ??= LinuxNative.IsBlocking(_handle);
        if (timeoutMilliseconds != 0 && _descriptorBlocking == true)
        {
            return ReceiveBlocking(buffer, timeoutMilliseconds);
        }

        // poll first: right after a call is sent its reply is not there yet, and a recv would only hear EAGAIN.
        while (true)
        {
            int ready = LinuxNative.PollOne(_handle, LinuxNative.POLLIN | LinuxNative.POLLRDHUP, timeoutMilliseconds);
            if (ready == 0)
            {
                return -1;
            }

            if (ready > 0)
            {
                int received = TryReceive(buffer);
                if (received >= 0)
                {
                    return received;
                }

                if ((ready & (LinuxNative.POLLRDHUP | LinuxNative.POLLHUP)) != 0)
                {
                    // Shut down for reading: a datagram socket then polls readable while recv says EAGAIN (a blocking
                    // recv would return 0), so poll would report it again and again.
                    return 0;
                }
            }
        }
    }

    /// <summary>
    /// A blocking descriptor (a UDP client's, connected the blocking way): one recv that sleeps until the bytes come
    /// or SO_RCVTIMEO passes, where poll and recv would be two system calls and two trips through the socket's wait
    /// queue. The timeout is set only when it differs from the last one (callers mostly wait in slices of one length).
    /// </summary>
    private int ReceiveBlocking(Span<byte> buffer, int timeoutMilliseconds)
    {
        if (timeoutMilliseconds != _receiveTimeout)
        {
            Socket.ReceiveTimeout = Math.Max(timeoutMilliseconds, 0); // 0: no timeout, for -1 (infinite)
            _receiveTimeout = timeoutMilliseconds;
        }

        return TryReceive(buffer, flags: 0); // -1 (EAGAIN): the timeout passed; a signal: wait again, one more timeout at most
    }

    public override int Send(ReadOnlySpan<byte> buffer, int timeoutMilliseconds)
    {
        while (true)
        {
            int sent = TrySend(buffer);
            if (sent >= 0)
            {
                return sent;
            }

            if (LinuxNative.PollOne(_handle, LinuxNative.POLLOUT, timeoutMilliseconds) == 0)
            {
                return -1;
            }
        }
    }

    public override void PauseEvents()
    {
        lock (_gate)
        {
            if (_registered && !_disposed && !_readPending && !_writePending && _streamReceiver is null)
            {
                LinuxNative.Control(_loop.EpollFd, LinuxNative.EPOLL_CTL_DEL, _fd, 0, 0);
                _registered = false;
                _watchingWrites = false;
                _watchingReads = false;
            }
        }
    }

    public override void Dispose()
    {
        bool read;
        bool write;
        bool receivingOnThread;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            receivingOnThread = _receivingOnThread;
            read = _readPending;
            write = _writePending;
            _readPending = _writePending = false;
            if (_registered)
            {
                // Before close: the registration goes with the descriptor anyway, but not if it was duplicated.
                LinuxNative.Control(_loop.EpollFd, LinuxNative.EPOLL_CTL_DEL, _fd, 0, 0);
            }
        }

        _loop.Remove(_id);
        if (receivingOnThread)
        {
            // Closing a descriptor does not wake a thread asleep in recvfrom on it. .NET's Socket.Dispose disconnects a
            // socket that a system call still holds, which does; shutdown does so whatever .NET does (on Linux also for
            // an unconnected UDP socket, which then reports ENOTCONN), and every recvfrom after it returns at once.
            try
            {
                Socket.Shutdown(SocketShutdown.Receive);
            }
            catch (SocketException)
            {
            }
        }

        Socket.Dispose();
        if (read)
        {
            _reader.Fail(new SocketException((int)SocketError.OperationAborted));
        }

        if (write)
        {
            _writer.Fail(new SocketException((int)SocketError.OperationAborted));
        }
    }

    /// <summary>A socket's datagrams go one way only: a receive under way, the loop's receiver or the socket's thread.</summary>
    private void ThrowIfDatagramsTakenLocked()
    {
        ObjectDisposedException.ThrowIf(_disposed, Socket);
        if (_readPending || _datagramReceiver is not null || _receivingOnThread)
        {
            throw new InvalidOperationException("The socket's datagrams are taken already.");
        }
    }

    public override bool TryReceiveDatagramsOnLoop(IDatagramReceiver receiver)
    {
        if (_isStream)
        {
            return false;
        }

        lock (_gate)
        {
            ThrowIfDatagramsTakenLocked();
            _datagramReceiver = receiver;
            _receivesFromPeer = Socket.Connected;
            WatchLocked(watchWrites: _watchingWrites, watchReads: true); // level-triggered: a datagram already queued is reported too
        }

        return true;
    }

    public override Task? TryReceiveDatagramsOnThread(IDatagramReceiver receiver, string threadName)
    {
        if (_isStream)
        {
            return null;
        }

        lock (_gate)
        {
            ThrowIfDatagramsTakenLocked();
            _receivingOnThread = true;
        }

        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveDatagramsOnThread(receiver);
            }
            finally
            {
                ended.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.UnsafeStart();
        return ended.Task;
    }

    public override bool TryReceiveStreamOnLoop(IStreamReceiver receiver)
    {
        if (!_isStream)
        {
            return false;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, Socket);
            if (_readPending || _streamReceiver is not null)
            {
                throw new InvalidOperationException("The socket's stream is taken already.");
            }

            _streamReceiver = receiver;

            // Edge-triggered: an edge that came before (remembered in _readReady, or not seen at all while the events
            // were paused) gives no new one. Registering, or re-arming the registration, makes epoll look at the
            // socket now and report what is readable already.
            WatchLocked(watchWrites: _watchingWrites, watchReads: true, rearm: true);
        }

        return true;
    }

    public override void StopReceivingOnLoop()
    {
        lock (_gate)
        {
            if (_streamReceiver is null)
            {
                return;
            }

            // What is still in the socket gave its edge already: the next receive or wait tries the socket at once.
            _streamReceiver = null;
            _readReady = true;
        }
    }

    void IEventLoopHandler.OnEvents(uint events)
    {
        const uint Readable = LinuxNative.EPOLLIN | LinuxNative.EPOLLRDHUP | LinuxNative.EPOLLERR | LinuxNative.EPOLLHUP;
        const uint Writable = LinuxNative.EPOLLOUT | LinuxNative.EPOLLERR | LinuxNative.EPOLLHUP;
        IDatagramReceiver? receiver = _datagramReceiver;
        IStreamReceiver? streamReceiver = _streamReceiver;
        if (receiver is not null && (events & Readable) != 0)
        {
            // One datagram per event: the socket is level-triggered, so another one queued fires again at the next
            // epoll_wait, and no recvfrom is spent on hearing EAGAIN.
            ReceiveDatagram(receiver);
            if ((events & LinuxNative.EPOLLOUT) == 0)
            {
                return;
            }
        }
        else if (streamReceiver is not null && (events & Readable) != 0)
        {
            ReceiveStream(streamReceiver, endSeen: (events & (LinuxNative.EPOLLRDHUP | LinuxNative.EPOLLHUP | LinuxNative.EPOLLERR)) != 0);
            if ((events & LinuxNative.EPOLLOUT) == 0)
            {
                return;
            }
        }

        bool read = false;
        bool write = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // The end of the stream (or an error) stays readable for ever, but gives no further edge: once seen,
            // reads never wait for one again. It may come in the same event as the last data. (A datagram socket's
            // error, an ICMP unreachable say, is cleared by the recv that reports it.)
            if (_isStream && (events & (LinuxNative.EPOLLRDHUP | LinuxNative.EPOLLHUP | LinuxNative.EPOLLERR)) != 0)
            {
                _hangUp = true;
            }

            // Edge-triggered: an edge nobody waits for is remembered, so that the next wait does not miss it.
            if ((events & Readable) != 0 && receiver is null && streamReceiver is null)
            {
                read = _readPending;
                _readPending = false;
                _readReady = !read;
            }

            if ((events & Writable) != 0)
            {
                write = _writePending;
                _writePending = false;
                _writeReady = !write;
            }

            // Level-triggered: what fired with nobody waiting would fire at every epoll_wait; watch it again at the next wait.
            if (!_isStream && ((_readReady && _watchingReads) || (_writeReady && _watchingWrites)))
            {
                WatchLocked(watchWrites: _watchingWrites && !_writeReady, watchReads: _watchingReads && !_readReady);
            }
        }

        // The continuations run here, on the loop's thread: the whole call is read, handled and answered before
        // the loop waits again.
        if (read)
        {
            _reader.Succeed();
        }

        if (write)
        {
            _writer.Succeed();
        }
    }

    /// <summary>
    /// A send (or, with <paramref name="to"/>, a sendto) that would block waits for EPOLLOUT. Senders that must wait
    /// take turns (a UDP server's replies may be sent from several threads at once), and only they clear the 'writable
    /// edge seen' mark before trying again.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> SendSlowAsync(ReadOnlyMemory<byte> buffer, EndPoint? to, CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Volatile.Write(ref _writeReady, false);
                int sent = to is null ? TrySend(buffer.Span) : TrySendTo(buffer.Span, to) ? buffer.Length : -1;
                if (sent >= 0)
                {
                    return sent;
                }

                await WaitAsync(read: false, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            StopWatchingWrites();
            _writeTurn.Release();
        }
    }

    /// <summary>recv: the byte count, 0 at the end of the stream, -1 when it would block (or, blocking, timed out).</summary>
    private unsafe int TryReceive(Span<byte> buffer, int flags = LinuxNative.MSG_DONTWAIT)
    {
        fixed (byte* p = buffer)
        {
            int result;
            do
            {
                result = LinuxNative.Outcome(LinuxNative.Recv(_handle, p, (nuint)buffer.Length, flags));
            }
            while (result == LinuxNative.Interrupted);
            return result;
        }
    }

    /// <summary>send(MSG_DONTWAIT | MSG_NOSIGNAL): the byte count, or -1 when it would block.</summary>
    private unsafe int TrySend(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int result;
            do
            {
                result = LinuxNative.Outcome(LinuxNative.Send(_handle, p, (nuint)buffer.Length, LinuxNative.MSG_DONTWAIT | LinuxNative.MSG_NOSIGNAL));
            }
            while (result == LinuxNative.Interrupted);
            return result;
        }
    }

    /// <summary>Receives one datagram for <paramref name="receiver"/>, on the loop's thread.</summary>
    private void ReceiveDatagram(IDatagramReceiver receiver)
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        int received;
        EndPoint? sender;
        try
        {
            if (_receivesFromPeer)
            {
                received = TryReceive(receiver.ReceiveBuffer);
                sender = null;
            }
            else
            {
                received = TryReceiveFrom(receiver.ReceiveBuffer, LinuxNative.MSG_DONTWAIT, out sender);
            }
        }
        catch (SocketException e)
        {
            receiver.OnReceiveError(e);
            return;
        }
        catch (ObjectDisposedException)
        {
            return; // closed while the event was on its way
        }

        if (received >= 0)
        {
            receiver.OnDatagram(received, sender);
        }
    }

    /// <summary>
    /// The thread of <see cref="TryReceiveDatagramsOnThread"/>: recvfrom without MSG_DONTWAIT, so that the thread sleeps
    /// in the socket until a datagram comes; <see cref="Dispose"/> wakes it with shutdown(SHUT_RD).
    /// </summary>
    private void ReceiveDatagramsOnThread(IDatagramReceiver receiver)
    {
        while (!Volatile.Read(ref _disposed))
        {
            int received;
            EndPoint? sender;
            try
            {
                received = TryReceiveFrom(receiver.ReceiveBuffer, 0, out sender);
                if (received < 0)
                {
                    // The descriptor is non-blocking after all (somebody made it so): wait as poll would, then receive.
                    LinuxNative.PollOne(_handle, LinuxNative.POLLIN, -1);
                    continue;
                }
            }
            catch (SocketException e)
            {
                if (!Volatile.Read(ref _disposed))
                {
                    receiver.OnReceiveError(e);
                }

                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (Volatile.Read(ref _disposed))
            {
                return; // woken by Dispose: what recvfrom returned then is no datagram
            }

            try
            {
                receiver.OnDatagram(received, sender);
            }
            catch (Exception)
            {
                // The receiver's failure is its own (as on the loop); the socket serves every other sender on.
            }
        }
    }

    /// <summary>
    /// Receives for <paramref name="receiver"/>, on the loop's thread, until the socket is drained: edge-triggered, the
    /// next bytes give a new edge. A short read means drained, unless the event said the stream ended
    /// (<paramref name="endSeen"/>): that gives no further edge, so reading goes on until recv says 0 (or fails).
    /// </summary>
    private void ReceiveStream(IStreamReceiver receiver, bool endSeen)
    {
        Span<byte> buffer = receiver.ReceiveBuffer;
        while (!Volatile.Read(ref _disposed) && !_streamEnded && ReferenceEquals(_streamReceiver, receiver))
        {
            int received;
            try
            {
                received = TryReceive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                EndStream(receiver, e);
                return;
            }

            if (received < 0)
            {
                return; // drained
            }

            if (received == 0)
            {
                EndStream(receiver, null);
                return;
            }

            try
            {
                receiver.OnReceived(received);
            }
            catch (Exception e)
            {
                // A receiver's bug must not leave the connection stalled (edge-triggered: no new edge would come).
                EndStream(receiver, e);
                return;
            }

            if (received < buffer.Length && !endSeen)
            {
                return;
            }
        }
    }

    private void EndStream(IStreamReceiver receiver, Exception? failure)
    {
        _streamEnded = true;
        receiver.OnEnded(failure);
    }

    /// <summary>recvfrom: the datagram's length and sender, or -1 when it would block (with MSG_DONTWAIT in <paramref name="flags"/>).</summary>
    private unsafe int TryReceiveFrom(Span<byte> buffer, int flags, out EndPoint? sender)
    {
        byte* address = stackalloc byte[SocketAddressBytes.MaxLength];
        fixed (byte* p = buffer)
        {
            int result;
            int addressLength;
            do
            {
                addressLength = SocketAddressBytes.MaxLength;
                result = LinuxNative.Outcome(LinuxNative.RecvFrom(_handle, p, (nuint)buffer.Length, flags, address, &addressLength));
            }
            while (result == LinuxNative.Interrupted);
            sender = result >= 0 ? Sender(new ReadOnlySpan<byte>(address, Math.Min(addressLength, SocketAddressBytes.MaxLength))) : null;
            return result;
        }
    }

    /// <summary>The sender as an <see cref="IPEndPoint"/>: the same object as last time when the address is the same (no allocation per call).</summary>
    private EndPoint Sender(ReadOnlySpan<byte> raw)
    {
        CachedAddress? last = _lastSender;
        if (last is not null && raw.SequenceEqual(last.Raw))
        {
            return last.EndPoint;
        }

        IPEndPoint endPoint = SocketAddressBytes.Decode(raw);
        _lastSender = new CachedAddress(raw.ToArray(), endPoint);
        return endPoint;
    }

    /// <summary>sendto(MSG_DONTWAIT | MSG_NOSIGNAL): false when it would block.</summary>
    private unsafe bool TrySendTo(ReadOnlySpan<byte> datagram, EndPoint remoteEndPoint)
    {
        Span<byte> encoded = stackalloc byte[SocketAddressBytes.MaxLength];
        CachedAddress? last = _lastSender;
        ReadOnlySpan<byte> address = last is not null && ReferenceEquals(last.EndPoint, remoteEndPoint)
            ? last.Raw
            : encoded.Slice(0, SocketAddressBytes.Encode((IPEndPoint)remoteEndPoint, Socket.AddressFamily, encoded));
        fixed (byte* a = address)
        fixed (byte* p = datagram)
        {
            int result;
            do
            {
                result = LinuxNative.Outcome(LinuxNative.SendTo(_handle, p, (nuint)datagram.Length, LinuxNative.MSG_DONTWAIT | LinuxNative.MSG_NOSIGNAL, a, address.Length));
            }
            while (result == LinuxNative.Interrupted);
            return result >= 0;
        }
    }

    /// <summary>
    /// Waits for the next edge, unless one came since the last attempt (or the peer has hung up). The socket is
    /// registered once, edge-triggered; EPOLLOUT is added only while a write waits.
    /// </summary>
    private ValueTask WaitAsync(bool read, CancellationToken cancellationToken)
    {
        Waiter waiter = read ? _reader : _writer;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, Socket);
            if (read ? _readReady || _hangUp : _writeReady)
            {
                _drained = false;
                return ValueTask.CompletedTask;
            }

            // Writes are watched only while a send waits: a UDP socket signals EPOLLOUT each time a sent datagram is
            // freed, which would wake the loop once per call for nothing.
            WatchLocked(watchWrites: !read || _watchingWrites, watchReads: read || _watchingReads || _isStream);

            waiter.Reset(cancellationToken);
            if (read)
            {
                _readPending = true;
                _drained = false;
            }
            else
            {
                _writePending = true;
            }

            // Under the lock: the wait cannot complete (and unregister) before the registration is stored. A token
            // canceled already runs Cancel right here (the lock is reentrant).
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(read ? s_cancelRead : s_cancelWrite, this);
            }
        }

        return new ValueTask(waiter, waiter.Version);
    }

    /// <summary>Registers the socket (edge-triggered) or changes what it is watched for; a change that adds EPOLLOUT reports a socket writable already.</summary>
    private void WatchLocked(bool watchWrites, bool watchReads, bool rearm = false)
    {
        if (_registered && watchWrites == _watchingWrites && watchReads == _watchingReads && !rearm)
        {
            return;
        }

        // EPOLLERR and EPOLLHUP cannot be masked: a level-triggered socket watched for nothing is made one-shot, or a
        // pending error would fire at every epoll_wait.
        uint events = (watchReads ? LinuxNative.EPOLLIN | LinuxNative.EPOLLRDHUP : 0) | (watchWrites ? LinuxNative.EPOLLOUT : 0);
        events |= _isStream ? LinuxNative.EPOLLET : events == 0 ? LinuxNative.EPOLLONESHOT : 0;
        if (LinuxNative.Control(_loop.EpollFd, _registered ? LinuxNative.EPOLL_CTL_MOD : LinuxNative.EPOLL_CTL_ADD, _fd, events, _id) != 0)
        {
            throw LinuxNative.ToSocketException(Marshal.GetLastPInvokeError());
        }

        _registered = true;
        _watchingWrites = watchWrites;
        _watchingReads = watchReads;
    }

    /// <summary>After a send (or connect) that had to wait: stop watching writes.</summary>
    private void StopWatchingWrites()
    {
        lock (_gate)
        {
            if (!_disposed && !_writePending && _watchingWrites)
            {
                WatchLocked(watchWrites: false, watchReads: _watchingReads);
            }
        }
    }

    private void Cancel(bool read)
    {
        Waiter waiter;
        lock (_gate)
        {
            // The next wait must not miss an edge that came meanwhile: try the socket again then.
            if (read)
            {
                _readReady = true;
            }
            else
            {
                _writeReady = true;
            }

            if (read ? !_readPending : !_writePending)
            {
                return;
            }

            if (read)
            {
                _readPending = false;
            }
            else
            {
                _writePending = false;
            }

            waiter = read ? _reader : _writer;
        }

        waiter.Fail(new OperationCanceledException(waiter.Token));
    }

    private sealed record CachedAddress(byte[] Raw, IPEndPoint EndPoint);

    /// <summary>The awaitable of one wait, reused: one read and one write wait at a time.</summary>
    private sealed class Waiter : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };

        public CancellationTokenRegistration Registration { get; set; }

        public CancellationToken Token { get; private set; }

        public short Version => _core.Version;

        public void Reset(CancellationToken token)
        {
            _core.Reset();
            Token = token;
        }

        public void Succeed() => _core.SetResult(true);

        /// <summary>Failures (close, cancellation) complete on the thread pool: never inside the closer's own call.</summary>
        public void Fail(Exception exception)
            => ThreadPool.UnsafeQueueUserWorkItem(static state => state.Waiter._core.SetException(state.Exception), (Waiter: this, Exception: exception), preferLocal: false);

        public void GetResult(short token)
        {
            Registration.Unregister();
            Registration = default;
            _core.GetResult(token);
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
