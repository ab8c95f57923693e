using System;
using System.Threading;
using MiniRpc.Protocol;
using MiniRpc.Transport;

namespace MiniRpc.Server;

/// <summary>Limits and hooks of an <see cref="RpcServer"/>. The defaults are safe for a server open to a network.</summary>
public sealed class RpcServerOptions
{
    /// <summary>The largest call record accepted on a stream; a connection that announces more is closed. Default 2 MiB.</summary>
    public int MaxRecordSize { get; set; } = RecordMarking.DefaultMaxRecordSize;

    /// <summary>The largest fragment written in replies. Default 65,532 bytes, as libtirpc.</summary>
    public int MaxFragmentLength { get; set; } = RecordMarking.DefaultMaxFragmentLength;

    /// <summary>How many stream connections may be open at once; further ones are accepted and closed at once. Default 10,000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// How many calls from one connection may run at once. When reached, the server stops reading that connection
    /// until one finishes (the client feels it as back-pressure). Default 64.
    /// </summary>
    public int MaxCallsInFlightPerConnection { get; set; } = 64;

    /// <summary>How many UDP calls may run at once per UDP socket; datagrams beyond are dropped (the client retransmits). Default 1,024.</summary>
    public int MaxUdpCallsInFlight { get; set; } = 1024;

    /// <summary>A connection with no traffic and no call running for this long is closed. Default 5 minutes; <see cref="Timeout.InfiniteTimeSpan"/> never.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A connection that has sent part of a record and not the rest for this long is closed. Default 30 s; <see cref="Timeout.InfiniteTimeSpan"/> never.</summary>
    public TimeSpan PartialRecordTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest reply sent over UDP; a larger reply becomes SYSTEM_ERR. Default 65,507 bytes, the IPv4 maximum.</summary>
    public int MaxDatagramSize { get; set; } = 65_507;

    /// <summary>
    /// Decides whether an authenticated call may run: return <see cref="AuthStat.Ok"/> to let it, or another status to
    /// refuse it with AUTH_ERROR (for example, only uid 0 may call a procedure). Runs after AUTH_NONE or AUTH_SYS
    /// credentials were accepted and the procedure was found. Null lets every call run.
    /// </summary>
    public Func<RpcCallContext, AuthStat>? Authorize { get; set; }

    /// <summary>
    /// Linux (x86-64, arm64): serve TCP, UDP and Unix sockets on MiniRpc's own epoll event loops, one per processor,
    /// instead of .NET's socket engine. A call is then read, handled and answered on the thread the kernel woke, as
    /// <c>svc_run</c> does, without handing it to the thread pool: about 30% more calls per second with one call in
    /// flight, and replies of a batch of calls leave in one send. The part of a handler that runs before its first
    /// real <c>await</c> runs on that loop thread, so a handler that blocks (sleeps, waits on a lock, does synchronous
    /// I/O, waits synchronously on a task) holds up the other connections of its loop, which may belong to other
    /// servers of the process: such a handler should await, or move the blocking work off with
    /// <see cref="System.Threading.Tasks.Task.Run(System.Action)"/>, or the server should set this to false. A
    /// handler that waits synchronously on a call to a server of the same process that uses the loops can deadlock.
    /// (Clients have loops of their own: waiting on a call to another process is only slow, never stuck.) Ignored
    /// where the loop is not supported. Default true.
    /// </summary>
    public bool UseEventLoop { get; set; } = true;

    internal RpcServerOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRecordSize, nameof(MaxRecordSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFragmentLength, nameof(MaxFragmentLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnections, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCallsInFlightPerConnection, nameof(MaxCallsInFlightPerConnection));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUdpCallsInFlight, nameof(MaxUdpCallsInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 64, nameof(MaxDatagramSize));
        CheckTimeout(IdleTimeout, nameof(IdleTimeout));
        CheckTimeout(PartialRecordTimeout, nameof(PartialRecordTimeout));
        return this;
    }

    internal RpcServerOptions Clone() => (RpcServerOptions)MemberwiseClone();

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "The timeout must be positive or infinite.");
        }
    }
}
