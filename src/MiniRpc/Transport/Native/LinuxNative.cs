using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MiniRpc.Transport.Native;

/// <summary>
/// The few Linux system calls the event loop needs: epoll, and recv/send with MSG_DONTWAIT so that a socket's own
/// blocking mode never matters. Errors come back as errno (<see cref="Marshal.GetLastPInvokeError"/>).
/// </summary>
internal static unsafe partial class LinuxNative
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLONESHOT = 1u << 30;
    public const uint EPOLLET = 1u << 31;

    public const short POLLIN = 0x001;
    public const short POLLOUT = 0x004;
    public const short POLLHUP = 0x010;
    public const short POLLRDHUP = 0x2000;

    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;

    /// <summary>Where the kernel's <c>struct epoll_event</c> keeps its 64-bit data, and its size: packed on x86-64 only.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Linux on x86-64 or arm64: the two layouts of epoll_event above are known to be right there.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(SafeHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(SafeHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint RecvFrom(SafeHandle fd, byte* buffer, nuint length, int flags, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(SafeHandle fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    public const int F_GETFL = 3;
    public const int O_NONBLOCK = 0x800; // the same on x86-64 and arm64

    /// <summary>fcntl with an int argument (F_GETFL ignores it): variadic in C, an int in a register on both ABIs.</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafeHandle fd, int command, int argument);

    /// <summary>Whether the descriptor is in blocking mode (O_NONBLOCK clear), as the kernel has it.</summary>
    public static bool IsBlocking(SafeHandle fd)
    {
        int flags = Fcntl(fd, F_GETFL, 0);
        return flags >= 0 ? (flags & O_NONBLOCK) == 0 : throw ToSocketException(Marshal.GetLastPInvokeError());
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(long* fds, nuint count, int timeout);

    /// <summary>
    /// poll on one descriptor for <paramref name="events"/> (POLLIN or POLLOUT, and POLLRDHUP if wanted): the returned
    /// events (positive) when it is ready (or has hung up, or failed: the next recv or send says which), 0 after
    /// <paramref name="timeoutMilliseconds"/>, or <see cref="Interrupted"/>. The handle is held for the wait, so a
    /// close meanwhile cannot reuse the number.
    /// </summary>
    public static int PollOne(SafeHandle fd, short events, int timeoutMilliseconds)
    {
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            // struct pollfd { int fd; short events; short revents; }: 8 bytes.
            long entry = (uint)(int)fd.DangerousGetHandle() | ((long)(ushort)events << 32);
            int result = Poll(&entry, 1, timeoutMilliseconds);
            if (result >= 0)
            {
                return result == 0 ? 0 : (ushort)(entry >> 48); // revents: not 0 when poll counted the descriptor
            }

            int errno = Marshal.GetLastPInvokeError();
            return errno == EINTR ? Interrupted : throw ToSocketException(errno);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>epoll_ctl with one event: <paramref name="events"/> and the 64-bit <paramref name="data"/>.</summary>
    public static int Control(int epfd, int op, int fd, uint events, ulong data)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EpollDataOffset) = data;
        return EpollCtl(epfd, op, fd, ev);
    }

    /// <summary>What <see cref="Outcome"/> returns for EINTR: call again.</summary>
    public const int Interrupted = int.MinValue;

    /// <summary>
    /// What a non-blocking call's result means: the count when it is not negative, -1 when it would block (EAGAIN),
    /// <see cref="Interrupted"/> to call again (EINTR). Any other error is thrown as the exception .NET would give.
    /// </summary>
    public static int Outcome(nint result)
    {
        if (result >= 0)
        {
            return (int)result;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            EAGAIN => -1,
            EINTR => Interrupted,
            _ => throw ToSocketException(errno),
        };
    }

    /// <summary>The <see cref="SocketError"/> a .NET socket reports for an errno, for the errors a stream can meet.</summary>
    public static SocketException ToSocketException(int errno) => new((int)(errno switch
    {
        32 => SocketError.Shutdown,             // EPIPE
        104 => SocketError.ConnectionReset,     // ECONNRESET
        103 => SocketError.ConnectionAborted,   // ECONNABORTED
        107 => SocketError.NotConnected,        // ENOTCONN
        110 => SocketError.TimedOut,            // ETIMEDOUT
        111 => SocketError.ConnectionRefused,   // ECONNREFUSED
        113 => SocketError.HostUnreachable,     // EHOSTUNREACH
        101 => SocketError.NetworkUnreachable,  // ENETUNREACH
        9 => SocketError.OperationAborted,      // EBADF: closed under us
        105 => SocketError.NoBufferSpaceAvailable, // ENOBUFS
        12 => SocketError.NoBufferSpaceAvailable,  // ENOMEM
        _ => SocketError.SocketError,
    }));
}
