using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MiniRpc.Load;

/// <summary>
/// <c>floor</c>: NULL calls of MSGPROG version 2 with no MiniRpc at all, for the floor of a .NET client. Per call
/// exactly what libtirpc's clnt_call does in system calls (send, poll, recv; no rt_sigprocmask), through P/Invoke
/// on the socket's descriptor, from one pre-encoded call whose xid changes. What MiniRpc's own client costs on top
/// is its rate against this one, against the same server in the same minutes.
/// </summary>
internal static partial class Floor
{
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const short PollIn = 1;

    public static int Run(string transport, int port, double warmupSeconds, double seconds)
    {
        bool stream = transport == "tcp";
        if (!stream && transport != "udp")
        {
            throw new ArgumentException($"floor: --transport {transport}: tcp or udp.");
        }

        using var socket = new Socket(AddressFamily.InterNetwork, stream ? SocketType.Stream : SocketType.Dgram, stream ? ProtocolType.Tcp : ProtocolType.Udp);
        if (stream)
        {
            socket.NoDelay = true;
        }

        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        int fd = (int)socket.Handle;

        // The call: a record mark over TCP, then xid, CALL, RPC version 2, MSGPROG, MSGVER, NULL, two AUTH_NONE.
        int header = stream ? 4 : 0;
        byte[] call = new byte[header + 40];
        if (stream)
        {
            BinaryPrimitives.WriteUInt32BigEndian(call, 0x8000_0000u | 40);
        }

        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(header + 8), 2);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(header + 12), MSGPROG.Program);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(header + 16), MSGPROG.MSGVER.Version);
        byte[] reply = new byte[65_536];
        uint xid = (uint)Environment.ProcessId << 16;

        long Calls(double duration)
        {
            long count = 0;
            long end = Stopwatch.GetTimestamp() + (long)(duration * Stopwatch.Frequency);
            var poll = new PollFd { Fd = fd, Events = PollIn };
            while (Stopwatch.GetTimestamp() < end)
            {
                BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(header), ++xid);
                if (Send(fd, call, (nuint)call.Length, MsgNoSignal) != call.Length)
                {
                    throw new IOException($"floor: send failed (errno {Marshal.GetLastPInvokeError()}).");
                }

                // One reply per call, whole (24 bytes, or 28 with the record mark): it comes in one recv on loopback.
                poll.Revents = 0;
                _ = PollOne(ref poll, 1, -1);
                nint received = Recv(fd, reply, (nuint)reply.Length, MsgDontWait);
                if (received < header + 24 || BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(header)) != xid)
                {
                    throw new IOException($"floor: unexpected reply ({received} bytes, errno {Marshal.GetLastPInvokeError()}).");
                }

                count++;
            }

            return count;
        }

        _ = Calls(warmupSeconds);
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        TimeSpan userBefore = process.UserProcessorTime;
        var wall = Stopwatch.StartNew();
        long done = Calls(seconds);
        wall.Stop();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, done);
        double user = (process.UserProcessorTime - userBefore).TotalMicroseconds / Math.Max(1, done);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls {done} calls_per_s {done / wall.Elapsed.TotalSeconds:0} client_cpu_us_per_call {cpu:0.00} client_user_us_per_call {user:0.00}"));
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte[] buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte[] buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollOne(ref PollFd fds, nuint count, int timeout);
}
