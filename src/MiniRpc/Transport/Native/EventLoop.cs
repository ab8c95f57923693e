using System;
using System.Collections.Concurrent;
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
internal sealed unsafe class EventLoop
{
    private const int MaxEvents = 64;

    private static readonly Lazy<EventLoop[]?> s_serverLoops = new(() => CreateLoops("server"));
    private static readonly Lazy<EventLoop[]?> s_clientLoops = new(() => CreateLoops("client"));
    private static int s_next;

    private readonly ConcurrentDictionary<ulong, IEventLoopHandler> _handlers = new();
    private long _nextId;

    private EventLoop(int epollFd, string role, int index)
    {
        EpollFd = epollFd;
        var thread = new Thread(Run) { IsBackground = true, Name = $"MiniRpc {role} loop {index}" };
        thread.UnsafeStart();
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

    private void Run()
    {
        int size = LinuxNative.EpollEventSize;
        int dataOffset = LinuxNative.EpollDataOffset;
        byte* events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * size));
        while (true)
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
        }
    }
}

/// <summary>What an <see cref="EventLoop"/> calls when a registered socket becomes ready.</summary>
internal interface IEventLoopHandler
{
    /// <summary>Runs on the loop's thread with the epoll event bits.</summary>
    void OnEvents(uint events);
}
