namespace MiniRpc.Protocol;

/// <summary><c>reply_stat</c>: whether the server accepted the call (RFC 5531 §9).</summary>
public enum ReplyStatus
{
    /// <summary><c>MSG_ACCEPTED</c>: the call's credentials were accepted; <see cref="AcceptStatus"/> says how it went.</summary>
    Accepted = 0,

    /// <summary><c>MSG_DENIED</c>: the call was refused; <see cref="RejectStatus"/> says why.</summary>
    Denied = 1,
}
