using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Threading;

namespace MiniRpc.Transport.Native;

/// <summary>
/// One epoll instance and the thread that waits on it. Sockets are armed one-shot for what they wait for; when one
/// becomes ready, its waiter is completed on this thread and the continuation runs right here: a call is read,
/// handled and answered on the thread the kernel woke, as in a C server's <c>svc_run</c>, with no hop to the
/// thread pool. There is one loop per processor, made on first use and kept for the life of the process; sockets
/// are spread over them in turn. Servers and clients have loops of their own: a server handler that blocks on a
/// client call (sync over async) holds up its server loop, but the reply it waits for arrives on a client loop, so
/// it comes.
/// </summary>
/// <remarks>
/// A client loop also runs its callers' continuations (<see cref="Client.RpcContinuationMode.EventLoop"/>): replies
/// are decoded while the loop reads, and the calls they complete are queued (<see cref="TryDefer"/>); once every
/// event of a wake-up has been handled, and so every receive loop has gone back to waiting on its socket, the queue
/// is run. A continuation that blocks therefore never stands between the loop and the reply it waits for: the loop
/// is handed to a new thread, at once by a synchronous wait of ours (<see cref="HandOffIfRunningContinuation"/>),
/// or by the watchdog when a continuation has held the loop for <see cref="StuckAfterMilliseconds"/>. The new
/// thread runs what is left of the queue, then <c>epoll_wait</c> on the same epoll instance; the old one ends when
/// its continuation returns. Only the thread of the current generation ever handles events, so there is still one
/// reader per loop.
/// </remarks>
internal sealed unsafe class EventLoop
{
    private const int MaxEvents = 64;

    private static readonly Lazy<EventLoop[]?> s_serverLoops = new(() => CreateLoops("server"));
    private static readonly Lazy<EventLoop[]?> s_clientLoops = new(() => CreateLoops("client"));
    private static int s_next;

    /// <summary>How long a continuation may hold a client loop before the watchdog hands the loop to a new thread.</summary>
    internal const int StuckAfterMilliseconds = 50;

    [ThreadStatic]
    private static Runner? t_runner;

    private readonly ConcurrentDictionary<ulong, IEventLoopHandler> _handlers = new();
    private readonly string _name;
    private readonly bool _runsContinuations;
    private readonly Lock _queueLock = new();
    private readonly Queue<ILoopContinuation> _continuations = new();
    private int _generation;
    private long _busySince;
    private int _handOffs;
    private long _nextId;

    private EventLoop(int epollFd, string role, int index)
    {
        EpollFd = epollFd;
        _name = $"MiniRpc {role} loop {index}";
        _runsContinuations = role == "client";
        StartRunner(0);
    }

    /// <summary>How many times a thread of this loop was replaced because a continuation blocked it (for tests).</summary>
    internal int HandOffs => Volatile.Read(ref _handOffs);

    /// <summary>The client loops, where there are (for the watchdog and tests).</summary>
    internal static EventLoop[]? ClientLoops => LinuxNative.IsSupported && s_clientLoops.IsValueCreated ? s_clientLoops.Value : null;

    /// <summary>Whether the calling thread is an event loop's, handling events (not running continuations).</summary>
    public static bool IsHandlingEvents => t_runner is { Handling: true };

    /// <summary>
    /// Queues <paramref name="continuation"/> to run on this thread's client loop once the loop has handled the events
    /// of this wake-up; false (nothing queued) unless the calling thread is a client loop handling events.
    /// </summary>
    public static bool TryDefer(ILoopContinuation continuation)
    {
        if (t_runner is not { Handling: true } runner || !runner.Loop._runsContinuations)
        {
            return false;
        }

        lock (runner.Loop._queueLock)
        {
            runner.Loop._continuations.Enqueue(continuation);
        }

        return true;
    }

    /// <summary>
    /// Called before a synchronous wait: when the calling thread is a client loop running a continuation, the loop
    /// goes on on a new thread now, since the wait may need a reply that only the loop can read.
    /// </summary>
    public static void HandOffIfRunningContinuation()
    {
        if (t_runner is { Handling: false } runner && runner.Loop._runsContinuations)
        {
            runner.Loop.HandOff(runner.Generation);
        }
    }

    /// <summary>Starts a new thread for the loop unless <paramref name="generation"/> is no longer the current one.</summary>
    private void HandOff(int generation)
    {
        lock (_queueLock)
        {
            if (_generation != generation)
            {
                return; // handed off already
            }

            _generation++;
            _busySince = 0;
            _handOffs++;
            StartRunner(_generation);
        }
    }

    private void StartRunner(int generation)
    {
        string name = generation == 0 ? _name : $"{_name} ({generation})";
        var thread = new Thread(() => Run(generation)) { IsBackground = true, Name = name };
        thread.UnsafeStart();
    }

    /// <summary>The watchdog's look at the loop: true while a continuation runs; hands the loop off when it is stuck.</summary>
    private bool Watch(long now)
    {
        lock (_queueLock)
        {
            if (_busySince == 0)
            {
                return false;
            }

            if (now - _busySince >= StuckAfterMilliseconds)
            {
                HandOff(_generation);
                return false;
            }

            return true;
        }
    }

    /// <summary>Whether the loops exist: Linux on x86-64 or arm64, and epoll_create1 worked.</summary>
    public static bool IsSupported => LinuxNative.IsSupported && s_serverLoops.Value is not null;

    public int EpollFd { get; }

    /// <summary>The next loop in turn (of the server's or the client's loops), or false where there are none.</summary>
    public static bool TryGetNext(bool forClient, [NotNullWhen(true)] out EventLoop? loop)
    {
        EventLoop[]? loops = LinuxNative.IsSupported ? (forClient ? s_clientLoops : s_serverLoops).Value : null;
        if (loops is null)
        {
            loop = null;
            return false;
        }

        loop = loops[(int)((uint)Interlocked.Increment(ref s_next) % (uint)loops.Length)];
        return true;
    }

    /// <summary>Adds a handler; the id goes into the epoll data of its socket's registration.</summary>
    public ulong Add(IEventLoopHandler handler)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        _handlers[id] = handler;
        return id;
    }

    /// <summary>Forgets a handler: events still on their way for it are dropped.</summary>
    public void Remove(ulong id) => _handlers.TryRemove(id, out _);

    private static EventLoop[]? CreateLoops(string role)
    {
        int count = Math.Clamp(Environment.ProcessorCount, 1, 64);
        var loops = new EventLoop[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                int fd = LinuxNative.EpollCreate1(LinuxNative.EPOLL_CLOEXEC);
                if (fd < 0)
                {
                    return null; // no epoll here (a sandbox): .NET's engine does the work
                }

                loops[i] = new EventLoop(fd, role, i);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // no C library to call (an unusual Linux): .NET's engine does the work
        }

        return loops;
    }

    private void Run(int generation)
    {
        var runner = new Runner(this, generation);
        t_runner = runner;
        int size = LinuxNative.EpollEventSize;
        int dataOffset = LinuxNative.EpollDataOffset;
        byte* events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * size));
        try
        {
            // A new generation first runs what its stuck predecessor left queued.
            while (RunContinuations(runner))
            {
                int count = LinuxNative.EpollWait(EpollFd, events, MaxEvents, -1);
                if (count < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LinuxNative.EINTR)
                    {
                        continue;
                    }

                    Environment.FailFast($"MiniRpc event loop: epoll_wait failed with errno {errno}.");
                }

                runner.Handling = true;
                for (int i = 0; i < count; i++)
                {
                    byte* ev = events + (i * size);
                    if (_handlers.TryGetValue(*(ulong*)(ev + dataOffset), out IEventLoopHandler? handler))
                    {
                        try
                        {
                            handler.OnEvents(*(uint*)ev);
                        }
                        catch (Exception)
                        {
                            // A handler's failure is its own (continuations catch what they throw); the loop serves
                            // every other socket on.
                        }
                    }
                }

                runner.Handling = false;
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    /// <summary>Runs the queued continuations; false when this thread is no longer the loop's (it was handed off).</summary>
    private bool RunContinuations(Runner runner)
    {
        if (!_runsContinuations)
        {
            return true; // a server loop: nothing is ever queued, and no lock is taken per wake-up
        }

        bool watched = false;
        while (true)
        {
            ILoopContinuation? next;
            lock (_queueLock)
            {
                if (_generation != runner.Generation)
                {
                    return false;
                }

                if (!_continuations.TryDequeue(out next))
                {
                    _busySince = 0;
                    return true;
                }

                _busySince = Environment.TickCount64;
            }

            if (!watched)
            {
                Watchdog.Wake();
                watched = true;
            }

            try
            {
                next.Run();
            }
            catch (Exception)
            {
                // The caller's code catches what it throws (an async method keeps it in its task); the loop goes on.
            }
        }
    }

    /// <summary>The loop a thread runs, and whether it is handling events (true) or running continuations (false).</summary>
    private sealed class Runner(EventLoop loop, int generation)
    {
        public EventLoop Loop { get; } = loop;

        public int Generation { get; } = generation;

        public bool Handling { get; set; }
    }

    /// <summary>
    /// One thread for every client loop that looks every few milliseconds for a continuation holding its loop too
    /// long. It sleeps for good once no continuation has run for a while, and the next one wakes it.
    /// </summary>
    private static class Watchdog
    {
        private const int Period = 10;
        private const int IdleTicksBeforeSleeping = 50;
        private const int NotStarted = 0, Watching = 1, Sleeping = 2;

        private static readonly ManualResetEventSlim s_wake = new(false);
        private static int s_state;

        /// <summary>
        /// Makes sure the watchdog watches; costs one plain read when it does already (the loop's _busySince was
        /// written under the loop's lock, which the watchdog takes after it marks itself Sleeping: either it sees the
        /// loop busy, or this read sees Sleeping).
        /// </summary>
        public static void Wake()
        {
            int state = Volatile.Read(ref s_state);
            if (state == Watching)
            {
                return;
            }

            if (state == NotStarted && Interlocked.CompareExchange(ref s_state, Watching, NotStarted) == NotStarted)
            {
                var thread = new Thread(Watch) { IsBackground = true, Name = "MiniRpc client loop watchdog" };
                thread.UnsafeStart();
            }
            else if (state == Sleeping && Interlocked.CompareExchange(ref s_state, Watching, Sleeping) == Sleeping)
            {
                s_wake.Set();
            }
        }

        private static void Watch()
        {
            int idleTicks = 0;
            while (true)
            {
                Thread.Sleep(Period);
                if (AnyBusy())
                {
                    idleTicks = 0;
                    continue;
                }

                if (++idleTicks < IdleTicksBeforeSleeping)
                {
                    continue;
                }

                // Sleep, unless a continuation started between the look above and now (Wake saw Watching then).
                s_wake.Reset();
                Interlocked.Exchange(ref s_state, Sleeping);
                if (AnyBusy() && Interlocked.CompareExchange(ref s_state, Watching, Sleeping) == Sleeping)
                {
                    idleTicks = 0;
                    continue;
                }

                s_wake.Wait();
                idleTicks = 0;
            }
        }

        private static bool AnyBusy()
        {
            bool busy = false;
            long now = Environment.TickCount64;
            foreach (EventLoop loop in ClientLoops ?? [])
            {
                busy |= loop.Watch(now);
            }

            return busy;
        }
    }
}

/// <summary>Work a client loop runs after handling the events of a wake-up: a caller's continuation.</summary>
internal interface ILoopContinuation
{
    void Run();
}

/// <summary>What an <see cref="EventLoop"/> calls when a registered socket becomes ready.</summary>
internal interface IEventLoopHandler
{
    /// <summary>Runs on the loop's thread with the epoll event bits.</summary>
    void OnEvents(uint events);
}
