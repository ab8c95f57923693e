namespace MiniRpc.Protocol;

/// <summary>Constants of ONC RPC version 2 (RFC 5531).</summary>
public static class RpcProtocol
{
    /// <summary>The RPC protocol version this library speaks: <c>rpcvers</c> is 2 (RFC 5531 §9).</summary>
    public const uint Version = 2;

    /// <summary>The largest body of an <c>opaque_auth</c> credential or verifier: 400 bytes (RFC 5531 §8.2).</summary>
    public const int MaxAuthBodyLength = 400;
}
