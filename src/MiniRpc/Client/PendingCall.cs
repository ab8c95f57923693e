using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using MiniRpc.Internal;
using MiniRpc.Protocol;
using MiniRpc.Transport.Native;
using MiniRpc.Xdr;

namespace MiniRpc.Client;

/// <summary>
/// A call sent and waiting for its reply. Whoever removes it from the client's table of pending calls (the receive
/// loop with the reply, the timer with a timeout, a cancellation, a broken connection) completes it, exactly once.
/// The kept request is shared by the sends that use it and goes back to the pool when the call is complete and no
/// send uses it any more: one interlocked state word counts the sends and marks completion.
/// </summary>
internal abstract class PendingCall
{
    private const int CompletedBit = int.MinValue;

    private PooledBufferWriter? _request;
    private int _state; // CompletedBit | the number of sends using _request

    protected PendingCall(RpcCallInfo info, long deadline)
    {
        Info = info;
        Deadline = deadline;
    }

    public RpcCallInfo Info { get; }

    public uint Xid => Info.Xid;

    /// <summary>When the call times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; }

    /// <summary>The connection the call went out on, so that a broken connection fails only its own calls.</summary>
    public object? Owner { get; set; }

    /// <summary>UDP: when to send the call again, and the wait after that.</summary>
    public long NextRetransmit { get; set; }

    public long RetransmitInterval { get; set; }

    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>Whether the call was sent again after its connection broke (streams do that once).</summary>
    public bool Retried { get; set; }

    /// <summary>
    /// A synchronous call whose caller reads the reply itself: when its connection breaks, that caller (not the
    /// client) sends it again.
    /// </summary>
    public bool IsDirect { get; set; }

    /// <summary>Whether the call has its results or its error.</summary>
    public abstract bool IsCompleted { get; }

    /// <summary>
    /// Keeps the encoded call until the call completes, for retransmission (UDP) or a resend after a reconnect
    /// (streams). Kept after the call completed, it is not reused (the garbage collector takes it).
    /// </summary>
    public void KeepRequest(PooledBufferWriter request) => Volatile.Write(ref _request, request);

    /// <summary>
    /// Borrows the kept request for one send; null when the call has completed meanwhile. Pair with
    /// <see cref="ReturnRequest"/>: the buffer goes back to the pool only when the call is complete and no send uses it.
    /// </summary>
    public PooledBufferWriter? BorrowRequest()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            PooledBufferWriter? request = Volatile.Read(ref _request);
            if ((state & CompletedBit) != 0 || request is null)
            {
                return null;
            }

            // Completion in between changes the state, and this tries again (and sees it).
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return request;
            }
        }
    }

    public void ReturnRequest()
    {
        if (Interlocked.Decrement(ref _state) == CompletedBit)
        {
            Recycle(); // the last send of a completed call
        }
    }

    /// <summary>
    /// Decodes the reply and completes the call with its results or its error. Never throws.
    /// <paramref name="fromReceiveLoop"/>: whether a receive loop read the reply, not a synchronous caller.
    /// </summary>
    public abstract void Complete(ReadOnlySpan<byte> reply, bool fromReceiveLoop);

    /// <summary>Completes the call with <paramref name="exception"/>.</summary>
    public abstract void Fail(Exception exception);

    protected void Release()
    {
        Registration.Unregister();
        if (Interlocked.Or(ref _state, CompletedBit) == 0)
        {
            Recycle(); // completed with no send using the request
        }
    }

    private void Recycle()
    {
        if (Interlocked.Exchange(ref _request, null) is { } request)
        {
            PooledBufferWriter.Return(request);
        }
    }
}

/// <summary>A pending call whose results are a <typeparamref name="TResult"/>; it is its own awaitable.</summary>
internal sealed class PendingCall<TResult> : PendingCall, IValueTaskSource<TResult>, IValueTaskSource, ILoopContinuation
{
    private readonly XdrDecoder<TResult> _decode;
    private readonly RpcContinuationMode _continuations;
    private ManualResetValueTaskSourceCore<TResult> _core;
    private TResult? _deferredResult;

    public PendingCall(RpcCallInfo info, long deadline, XdrDecoder<TResult> decode, RpcContinuationMode continuations)
        : base(info, deadline)
    {
        _decode = decode;
        _continuations = continuations;

        // Only Inline runs the caller's continuation in the middle of reading. EventLoop runs it on the loop too, but
        // after the reading (see Complete); whatever completes a call elsewhere (a reply read by a synchronous
        // caller) sends the continuation to the thread pool, and so does every failure (see Fail).
        _core.RunContinuationsAsynchronously = continuations != RpcContinuationMode.Inline;
    }

    public ValueTask<TResult> Task => new(this, _core.Version);

    public override bool IsCompleted => _core.GetStatus(_core.Version) != ValueTaskSourceStatus.Pending;

    /// <summary>The results, blocking the calling thread until they come unless the call has completed already.</summary>
    public TResult Wait()
    {
        if (IsCompleted)
        {
            return _core.GetResult(_core.Version);
        }

        // A continuation on an event loop that now blocks: the loop goes on on another thread, which reads the reply.
        EventLoop.HandOffIfRunningContinuation();
        return Task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The same completion as <see cref="Task"/>, for calls whose results are void.</summary>
    public ValueTask VoidTask => new(this, _core.Version);

    public override void Complete(ReadOnlySpan<byte> reply, bool fromReceiveLoop)
    {
        TResult result;
        try
        {
            var reader = new XdrReader(reply);
            ReplyHeader header = ReplyHeader.Read(ref reader);
            if (!header.IsSuccess)
            {
                Fail(RpcReplyException.FromReply(header, Info));
                return;
            }

            result = _decode(ref reader);
            reader.ExpectEnd();
        }
        catch (XdrFormatException e)
        {
            Fail(new RpcProtocolException($"The reply to {Info} is malformed: {e.Message}", e));
            return;
        }
        catch (Exception e)
        {
            Fail(new RpcProtocolException($"The results of {Info} could not be decoded: {e.Message}", e));
            return;
        }

        Release();
        if (_continuations == RpcContinuationMode.EventLoop && fromReceiveLoop)
        {
            _deferredResult = result;
            if (EventLoop.TryDefer(this))
            {
                return; // the loop publishes it once it has finished reading: ILoopContinuation.Run
            }

            _deferredResult = default;
        }

        _core.SetResult(result);
    }

    void ILoopContinuation.Run()
    {
        TResult result = _deferredResult!;
        _deferredResult = default;
        _core.RunContinuationsAsynchronously = false;
        _core.SetResult(result);
    }

    public override void Fail(Exception exception)
    {
        Release();

        // Whatever the mode, the caller's code never runs inside the timer's tick, a dispose or a cancellation.
        _core.RunContinuationsAsynchronously = true;
        _core.SetException(exception);
    }

    public TResult GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
