using System.Net;
using System.Threading.Tasks;
using MiniRpc.Internal;

namespace MiniRpc.Server;

/// <summary>Sends encoded replies back the way their call came: a stream connection or a UDP socket.</summary>
internal interface IRpcResponder
{
    RpcTransport Transport { get; }

    /// <summary>The peer's credentials on a Unix domain socket; null elsewhere.</summary>
    UnixCredentials? PeerCredentials { get; }

    /// <summary>Sends <paramref name="reply"/> and returns it to the pool. Never throws: a reply that cannot be delivered is logged.</summary>
    ValueTask SendAsync(PooledBufferWriter reply, uint xid, EndPoint? remoteEndPoint);
}
