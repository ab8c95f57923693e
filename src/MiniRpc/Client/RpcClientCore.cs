using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Internal;
using MiniRpc.Protocol;
using MiniRpc.Xdr;

namespace MiniRpc.Client;

/// <summary>
/// What every transport's client shares: xids, the table of pending calls matched by xid, timeouts, cancellation.
/// Subclasses send calls and feed replies to <see cref="DispatchReply"/>.
/// </summary>
internal abstract class RpcClientCore : IRpcClient
{
    // A plain dictionary under a lock: ConcurrentDictionary allocates a node per call, this does not.
    private readonly Dictionary<uint, PendingCall> _pending = [];
    private readonly Lock _timerLock = new();
    private readonly ClientTimer.Entry _timer;
    private readonly TimeSpan _tick;
    private bool _timerRunning;
    private int _xid = Random.Shared.Next();
    private int _disposed;

    protected RpcClientCore(EndPoint remoteEndPoint, RpcClientOptions options, ILogger logger, bool retransmits)
    {
        RemoteEndPoint = remoteEndPoint;
        Options = options;
        Logger = logger;

        // A quarter of the shortest period the timer serves (the timeout; over UDP the retransmission interval too),
        // so that a timeout fires at most that late; between 10 ms and 1 s, because each tick wakes the timer's
        // thread, a context switch on a CPU that a busy client may share with its server.
        double shortest = Math.Min(
            options.Timeout == Timeout.InfiniteTimeSpan ? double.MaxValue : options.Timeout.TotalMilliseconds,
            retransmits ? options.UdpRetransmitInterval.TotalMilliseconds : double.MaxValue);
        _tick = TimeSpan.FromMilliseconds(Math.Clamp(shortest / 4, 10, 1000));
        _timer = new ClientTimer.Entry(OnTick);
    }

    /// <inheritdoc/>
    public EndPoint RemoteEndPoint { get; }

    protected RpcClientOptions Options { get; }

    protected ILogger Logger { get; }

    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc/>
    public ValueTask<TResult> CallAsync<TArguments, TResult>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        XdrDecoder<TResult> decodeResult,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decodeResult);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<TResult>(cancellationToken)
            : Start(program, version, procedure, arguments, encodeArguments, decodeResult, cancellationToken).Task;
    }

    /// <inheritdoc/>
    public ValueTask CallVoidAsync<TArguments>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled(cancellationToken)
            : Start(program, version, procedure, arguments, encodeArguments, XdrVoid.Decoder, cancellationToken).VoidTask;

    /// <inheritdoc/>
    public TResult Call<TArguments, TResult>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        XdrDecoder<TResult> decodeResult,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decodeResult);
        cancellationToken.ThrowIfCancellationRequested();
        PendingCall<TResult> pending = Prepare(program, version, procedure, arguments, encodeArguments, decodeResult, cancellationToken, out PooledBufferWriter request);

        // With a token that can be canceled the call goes the asynchronous way, where cancellation is immediate.
        bool direct;
        try
        {
            direct = !cancellationToken.CanBeCanceled && TryCallDirectly(pending, request);
        }
        catch (Exception e)
        {
            // Thrown before the transport took the request (connecting failed, say).
            PooledBufferWriter.Return(request);
            Abort(pending, Wrap(e));
            return pending.Wait();
        }

        if (!direct)
        {
            EnsureTimer();
            Send(pending, request);
        }

        return pending.Wait();
    }

    /// <summary>Encodes, registers and sends a call; the returned pending call completes with its reply.</summary>
    private PendingCall<TResult> Start<TArguments, TResult>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        XdrDecoder<TResult> decodeResult,
        CancellationToken cancellationToken)
    {
        PendingCall<TResult> pending = Prepare(program, version, procedure, arguments, encodeArguments, decodeResult, cancellationToken, out PooledBufferWriter request);
        EnsureTimer();
        Send(pending, request);
        return pending;
    }

    /// <summary>
    /// Encodes a call and registers it (table of pending calls, cancellation); the caller starts the timer (a
    /// synchronous caller reading its own reply keeps its own time) and sends it.
    /// </summary>
    private PendingCall<TResult> Prepare<TArguments, TResult>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        XdrDecoder<TResult> decodeResult,
        CancellationToken cancellationToken,
        out PooledBufferWriter request)
    {
        ArgumentNullException.ThrowIfNull(encodeArguments);
        ObjectDisposedException.ThrowIf(IsDisposed, this);

        uint xid = unchecked((uint)Interlocked.Increment(ref _xid));
        var info = new RpcCallInfo(program, version, procedure, xid);
        request = PooledBufferWriter.Rent();
        try
        {
            var writer = new XdrWriter(request);
            new CallHeader(xid, program, version, procedure, Options.Credential).Write(ref writer);
            encodeArguments(ref writer, arguments);
            writer.Flush();
            ValidateRequest(request);
        }
        catch
        {
            PooledBufferWriter.Return(request);
            throw;
        }

        long deadline = Options.Timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Options.Timeout.TotalMilliseconds;
        var pending = new PendingCall<TResult>(info, deadline, decodeResult, Options.Continuations);
        lock (_pending)
        {
            _pending[xid] = pending;
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var (client, call) = ((RpcClientCore, PendingCall))state!;
                    client.Abort(call, new OperationCanceledException(token));
                },
                (this, (PendingCall)pending));
        }

        ClientLog.SendingCall(Logger, xid, program, version, procedure, request.MessageLength);
        return pending;
    }

    private void Send(PendingCall pending, PooledBufferWriter request)
    {
        ValueTask send;
        try
        {
            send = SendAsync(pending, request);
        }
        catch (Exception e)
        {
            Abort(pending, Wrap(e));
            return;
        }

        if (!send.IsCompletedSuccessfully)
        {
            _ = ObserveSendAsync(send, pending);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_timerLock)
        {
            ClientTimer.Stop(_timer);
            _timerRunning = false;
        }

        FailPending(static _ => true, new ObjectDisposedException(GetType().Name, "The client was disposed while the call was pending."));
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Checks an encoded call before it is registered and sent (UDP checks its size).</summary>
    protected virtual void ValidateRequest(PooledBufferWriter request)
    {
    }

    /// <summary>
    /// A synchronous call, made on the calling thread as libtirpc's <c>clnt_call</c> does: send, then read until the
    /// reply (or the timeout) comes, with no thread but the caller's. Returns false, without taking
    /// <paramref name="request"/>, when the transport cannot do that now (another call is in flight, say); the call
    /// is then sent the asynchronous way. When it returns true the call is complete, or in the hands of the transport.
    /// It throws only before it has taken the request.
    /// </summary>
    protected virtual bool TryCallDirectly(PendingCall call, PooledBufferWriter request) => false;

    /// <summary>Fails <paramref name="call"/> with a timeout, unless something completed it first.</summary>
    protected void TimeOut(PendingCall call)
    {
        if (TryRemove(call))
        {
            ClientLog.TimedOut(Logger, call.Xid);
            call.Fail(new RpcTimeoutException(Options.Timeout, call.Xid));
        }
    }

    /// <summary>Sends an encoded call, and takes ownership of <paramref name="request"/>.</summary>
    protected abstract ValueTask SendAsync(PendingCall call, PooledBufferWriter request);

    /// <summary>Closes the transport.</summary>
    protected abstract ValueTask CloseAsync();

    /// <summary>Called on each timer tick for each call that has not timed out (UDP retransmits from here).</summary>
    protected virtual void OnTick(PendingCall call, long now)
    {
    }

    /// <summary>
    /// Matches a reply to its pending call by xid and completes it; drops replies that match nothing.
    /// <paramref name="fromReceiveLoop"/>: the client's receive loop read it (so a client loop may run the caller's
    /// continuation once it has finished reading), rather than a synchronous caller reading its own reply.
    /// </summary>
    protected void DispatchReply(ReadOnlySpan<byte> reply, bool fromReceiveLoop)
    {
        if (reply.Length < RpcMessageHeader.EncodedLength)
        {
            ClientLog.RuntReply(Logger, reply.Length);
            return;
        }

        uint xid = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reply);
        PendingCall? call;
        lock (_pending)
        {
            _pending.Remove(xid, out call);
        }

        if (call is not null)
        {
            ClientLog.ReceivedReply(Logger, xid, reply.Length);
            call.Complete(reply, fromReceiveLoop);
        }
        else
        {
            ClientLog.StrayReply(Logger, xid);
        }
    }

    /// <summary>Fails every pending call that <paramref name="predicate"/> selects, as when their connection broke.</summary>
    protected int FailPending(Func<PendingCall, bool> predicate, Exception exception)
    {
        var failing = new List<PendingCall>();
        lock (_pending)
        {
            foreach (PendingCall call in _pending.Values)
            {
                if (predicate(call))
                {
                    failing.Add(call);
                }
            }

            foreach (PendingCall call in failing)
            {
                _pending.Remove(call.Xid);
            }
        }

        foreach (PendingCall call in failing)
        {
            call.Fail(exception);
        }

        return failing.Count;
    }

    /// <summary>Completes <paramref name="call"/> with <paramref name="exception"/> unless something completed it first.</summary>
    protected void Abort(PendingCall call, Exception exception)
    {
        if (TryRemove(call))
        {
            call.Fail(exception);
        }
    }

    /// <summary>How many calls wait for a reply, roughly (read without the lock: a hint, not a count to rely on).</summary>
    protected int PendingCount => _pending.Count;

    /// <summary>The calls waiting for a reply, at this moment.</summary>
    protected IReadOnlyList<PendingCall> PendingCalls
    {
        get
        {
            lock (_pending)
            {
                return [.. _pending.Values];
            }
        }
    }

    /// <summary>Removes <paramref name="call"/> if it is still the pending call of its xid; true when this removed it.</summary>
    private bool TryRemove(PendingCall call)
    {
        lock (_pending)
        {
            return _pending.TryGetValue(call.Xid, out PendingCall? current) && ReferenceEquals(current, call) && _pending.Remove(call.Xid);
        }
    }

    /// <summary>The exception a call fails with when sending it failed with <paramref name="e"/>.</summary>
    protected static Exception Wrap(Exception e) => e switch
    {
        RpcException or ArgumentException or OperationCanceledException => e,
        ObjectDisposedException => new RpcConnectionException("The client was disposed.", e),
        _ => new RpcConnectionException($"Sending the call failed: {e.Message}", e),
    };

    private async Task ObserveSendAsync(ValueTask send, PendingCall call)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Abort(call, Wrap(e));
        }
    }

    /// <summary>Starts the timer of timeouts and retransmissions, unless it runs.</summary>
    protected void EnsureTimer()
    {
        lock (_timerLock)
        {
            if (!_timerRunning && !IsDisposed)
            {
                ClientTimer.Start(_timer, _tick);
                _timerRunning = true;
            }
        }
    }

    private void OnTick()
    {
        long now = Environment.TickCount64;
        foreach (PendingCall call in PendingCalls)
        {
            if (now >= call.Deadline)
            {
                TimeOut(call);
            }
            else
            {
                OnTick(call, now);
            }
        }

        lock (_timerLock)
        {
            bool empty;
            lock (_pending)
            {
                empty = _pending.Count == 0;
            }

            if (empty && _timerRunning && !IsDisposed)
            {
                ClientTimer.Stop(_timer);
                _timerRunning = false;
            }
        }
    }
}
