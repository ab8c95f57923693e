namespace MiniRpc.Protocol;

/// <summary><c>accept_stat</c>: the outcome of an accepted call (RFC 5531 §9).</summary>
public enum AcceptStatus
{
    /// <summary><c>SUCCESS</c>: the procedure ran; its results follow.</summary>
    Success = 0,

    /// <summary><c>PROG_UNAVAIL</c>: the server does not export the program.</summary>
    ProgUnavail = 1,

    /// <summary><c>PROG_MISMATCH</c>: the server does not support the version; the lowest and highest it does follow.</summary>
    ProgMismatch = 2,

    /// <summary><c>PROC_UNAVAIL</c>: the program has no such procedure.</summary>
    ProcUnavail = 3,

    /// <summary><c>GARBAGE_ARGS</c>: the procedure's arguments could not be decoded.</summary>
    GarbageArgs = 4,

    /// <summary><c>SYSTEM_ERR</c>: an error on the server, such as a failed memory allocation or an exception in the procedure.</summary>
    SystemErr = 5,
}
