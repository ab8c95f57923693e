namespace MiniRpc.Client;

/// <summary>
/// Where the code after <c>await</c> on a call runs once the call's reply has been read. A call that fails (a timeout,
/// a cancellation, a broken connection, a dispose) completes on the thread pool in every mode.
/// </summary>
public enum RpcContinuationMode
{
    /// <summary>
    /// On the client event loop that read the reply, once it has finished with everything that arrived with it and
    /// has gone back to waiting on its sockets (so that replies to other calls, even on the same connection, can be
    /// read by a replacement loop thread while that code runs). No thread hop, as with <see cref="Inline"/>, and a
    /// wait that blocks does not deadlock: a synchronous call made there hands the loop to a new thread at once, and a
    /// continuation that holds the loop for more than 50 ms (a <c>.Result</c>, <c>Thread.Sleep</c>, long work) has
    /// the loop handed to a new thread by a watchdog, so other replies wait at most that long. Where replies are not
    /// read on MiniRpc's loops (<see cref="RpcClientOptions.UseEventLoop"/> off or unsupported), this is
    /// <see cref="ThreadPool"/>. The default.
    /// </summary>
    EventLoop,

    /// <summary>On the thread pool, as .NET's sockets do: one thread hop per reply.</summary>
    ThreadPool,

    /// <summary>
    /// Right where the reply is read, in the middle of reading: the fewest steps, and the next calls of such
    /// continuations leave in one send. That code must never block: a synchronous wait there for another call on the
    /// same connection never returns, and any wait holds up every reply of its loop.
    /// </summary>
    Inline,
}
