using System;
using MiniRpc.Protocol;
using MiniRpc.Transport;

namespace MiniRpc.Client;

/// <summary>Settings of an RPC client. The defaults follow rpcgen and libtirpc where they have one.</summary>
public sealed class RpcClientOptions
{
    /// <summary>
    /// How long a call waits for its reply, retransmissions included. Default 25 s, the timeout rpcgen's client
    /// stubs use. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits for ever. A synchronous call that
    /// reads its own reply times out on time; other calls are checked by a timer that ticks at a quarter of the
    /// timeout (between 10 ms and 1 s), so they time out at most that much late.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// UDP: how long to wait for a reply before sending the call again. Each retransmission doubles it, up to
    /// <see cref="UdpMaxRetransmitInterval"/>. Default 1 s (libtirpc waits 5 s; a second is kinder to a lossy
    /// network and costs a loopback server nothing).
    /// </summary>
    public TimeSpan UdpRetransmitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>UDP: the longest wait between retransmissions. Default 5 s, libtirpc's per-try wait.</summary>
    public TimeSpan UdpMaxRetransmitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// UDP: the largest call datagram sent; a larger call fails before anything is sent. Default 65,507 bytes, the
    /// most an IPv4 UDP datagram carries (libtirpc's default is 8,800).
    /// </summary>
    public int MaxDatagramSize { get; set; } = 65_507;

    /// <summary>The credential sent with every call. Default AUTH_NONE; see <see cref="AuthSysParameters.ToOpaqueAuth"/> for AUTH_SYS.</summary>
    public OpaqueAuth Credential { get; set; } = OpaqueAuth.None;

    /// <summary>Streams: the largest reply record accepted. Default <see cref="RecordMarking.DefaultMaxRecordSize"/>.</summary>
    public int MaxRecordSize { get; set; } = RecordMarking.DefaultMaxRecordSize;

    /// <summary>Streams: the largest fragment written. Default <see cref="RecordMarking.DefaultMaxFragmentLength"/>, as libtirpc.</summary>
    public int MaxFragmentLength { get; set; } = RecordMarking.DefaultMaxFragmentLength;

    /// <summary>
    /// Streams: whether the next call after a broken connection connects again. Default true. When false, the client
    /// stays broken and every call fails with <see cref="RpcConnectionException"/>.
    /// </summary>
    public bool Reconnect { get; set; } = true;

    /// <summary>Streams: how long connecting may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Linux (x86-64, arm64): receive replies (TCP, UDP, Unix) on MiniRpc's own epoll event loops instead of .NET's socket
    /// engine, which saves a thread hop per reply. Ignored where the loop is not supported. Default true.
    /// </summary>
    public bool UseEventLoop { get; set; } = true;

    /// <summary>
    /// Where the code after <c>await</c> on a call runs: by default on the client event loop that read the reply,
    /// after the loop has finished reading (<see cref="RpcContinuationMode.EventLoop"/>), which saves the thread hop
    /// to the thread pool and still survives a continuation that blocks; <see cref="RpcContinuationMode.ThreadPool"/>
    /// as .NET's sockets do; or <see cref="RpcContinuationMode.Inline"/>, fastest with many calls in flight, for code
    /// that never blocks.
    /// </summary>
    public RpcContinuationMode Continuations { get; set; } = RpcContinuationMode.EventLoop;

    internal RpcClientOptions Validate()
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive or infinite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(UdpRetransmitInterval, TimeSpan.Zero, nameof(UdpRetransmitInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpMaxRetransmitInterval, UdpRetransmitInterval, nameof(UdpMaxRetransmitInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 64, nameof(MaxDatagramSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRecordSize, nameof(MaxRecordSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFragmentLength, nameof(MaxFragmentLength));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        if (!Enum.IsDefined(Continuations))
        {
            throw new ArgumentOutOfRangeException(nameof(Continuations), Continuations, "Not a continuation mode.");
        }
        return this;
    }

    internal RpcClientOptions Clone() => (RpcClientOptions)MemberwiseClone();
}
