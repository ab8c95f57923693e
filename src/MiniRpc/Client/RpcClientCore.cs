using System;
using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<uint, PendingCall> _pending = new();
    private readonly Lock _timerLock = new();
    private readonly Timer _timer;
    private readonly TimeSpan _tick;
    private bool _timerRunning;
    private int _xid = Random.Shared.Next();
    private int _disposed;

    protected RpcClientCore(EndPoint remoteEndPoint, RpcClientOptions options, ILogger logger)
    {
        RemoteEndPoint = remoteEndPoint;
        Options = options;
        Logger = logger;
        TimeSpan shortest = options.Timeout == Timeout.InfiniteTimeSpan ? options.UdpRetransmitInterval : TimeSpan.FromTicks(Math.Min(options.Timeout.Ticks, options.UdpRetransmitInterval.Ticks));
        _tick = TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 4, 10, 100));
        _timer = new Timer(static state => ((RpcClientCore)state!).OnTick(), this, Timeout.Infinite, Timeout.Infinite);
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
        ArgumentNullException.ThrowIfNull(encodeArguments);
        ArgumentNullException.ThrowIfNull(decodeResult);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        uint xid = unchecked((uint)Interlocked.Increment(ref _xid));
        var info = new RpcCallInfo(program, version, procedure, xid);
        PooledBufferWriter request = PooledBufferWriter.Rent();
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
        var pending = new PendingCall<TResult>(info, deadline, decodeResult);
        _pending[xid] = pending;
        EnsureTimer();
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
        ValueTask send;
        try
        {
            send = SendAsync(pending, request);
        }
        catch (Exception e)
        {
            Abort(pending, Wrap(e));
            return pending.Task;
        }

        if (!send.IsCompletedSuccessfully)
        {
            _ = ObserveSendAsync(send, pending);
        }

        return pending.Task;
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
            _timer.Dispose();
        }

        FailPending(static _ => true, new ObjectDisposedException(GetType().Name, "The client was disposed while the call was pending."));
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Checks an encoded call before it is registered and sent (UDP checks its size).</summary>
    protected virtual void ValidateRequest(PooledBufferWriter request)
    {
    }

    /// <summary>Sends an encoded call, and takes ownership of <paramref name="request"/>.</summary>
    protected abstract ValueTask SendAsync(PendingCall call, PooledBufferWriter request);

    /// <summary>Closes the transport.</summary>
    protected abstract ValueTask CloseAsync();

    /// <summary>Called on each timer tick for each call that has not timed out (UDP retransmits from here).</summary>
    protected virtual void OnTick(PendingCall call, long now)
    {
    }

    /// <summary>Matches a reply to its pending call by xid and completes it; drops replies that match nothing.</summary>
    protected void DispatchReply(ReadOnlySpan<byte> reply)
    {
        if (reply.Length < RpcMessageHeader.EncodedLength)
        {
            ClientLog.RuntReply(Logger, reply.Length);
            return;
        }

        uint xid = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reply);
        if (_pending.TryRemove(xid, out PendingCall? call))
        {
            ClientLog.ReceivedReply(Logger, xid, reply.Length);
            call.Complete(reply);
        }
        else
        {
            ClientLog.StrayReply(Logger, xid);
        }
    }

    /// <summary>Fails every pending call that <paramref name="predicate"/> selects, as when their connection broke.</summary>
    protected int FailPending(Func<PendingCall, bool> predicate, Exception exception)
    {
        int failed = 0;
        foreach (KeyValuePair<uint, PendingCall> entry in _pending)
        {
            if (predicate(entry.Value) && _pending.TryRemove(entry))
            {
                entry.Value.Fail(exception);
                failed++;
            }
        }

        return failed;
    }

    /// <summary>Completes <paramref name="call"/> with <paramref name="exception"/> unless something completed it first.</summary>
    protected void Abort(PendingCall call, Exception exception)
    {
        if (_pending.TryRemove(new KeyValuePair<uint, PendingCall>(call.Xid, call)))
        {
            call.Fail(exception);
        }
    }

    /// <summary>The calls waiting for a reply, at this moment.</summary>
    protected ICollection<PendingCall> PendingCalls => _pending.Values;

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

    private void EnsureTimer()
    {
        lock (_timerLock)
        {
            if (!_timerRunning && !IsDisposed)
            {
                _timer.Change(_tick, _tick);
                _timerRunning = true;
            }
        }
    }

    private void OnTick()
    {
        long now = Environment.TickCount64;
        foreach (KeyValuePair<uint, PendingCall> entry in _pending)
        {
            PendingCall call = entry.Value;
            if (now >= call.Deadline)
            {
                if (_pending.TryRemove(entry))
                {
                    ClientLog.TimedOut(Logger, call.Xid);
                    call.Fail(new RpcTimeoutException(Options.Timeout, call.Xid));
                }
            }
            else
            {
                OnTick(call, now);
            }
        }

        lock (_timerLock)
        {
            if (_pending.IsEmpty && _timerRunning && !IsDisposed)
            {
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
                _timerRunning = false;
            }
        }
    }
}
