namespace MiniRpc.Protocol;

/// <summary><c>msg_type</c>: whether an RPC message is a call or a reply (RFC 5531 §9).</summary>
public enum MessageType
{
    /// <summary><c>CALL</c>.</summary>
    Call = 0,

    /// <summary><c>REPLY</c>.</summary>
    Reply = 1,
}
