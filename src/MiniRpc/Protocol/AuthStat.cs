namespace MiniRpc.Protocol;

/// <summary>
/// <c>auth_stat</c>: why authentication failed (RFC 5531 §9). The list is open-ended (IANA registers more), so a
/// value outside it is kept as a number when decoded rather than treated as malformed.
/// </summary>
public enum AuthStat
{
    /// <summary><c>AUTH_OK</c>: success.</summary>
    Ok = 0,

    /// <summary><c>AUTH_BADCRED</c>: bad credential (seal broken).</summary>
    BadCred = 1,

    /// <summary><c>AUTH_REJECTEDCRED</c>: the client must begin a new session.</summary>
    RejectedCred = 2,

    /// <summary><c>AUTH_BADVERF</c>: bad verifier (seal broken).</summary>
    BadVerf = 3,

    /// <summary><c>AUTH_REJECTEDVERF</c>: the verifier expired or was replayed.</summary>
    RejectedVerf = 4,

    /// <summary><c>AUTH_TOOWEAK</c>: rejected for security reasons.</summary>
    TooWeak = 5,

    /// <summary><c>AUTH_INVALIDRESP</c>: bogus response verifier.</summary>
    InvalidResp = 6,

    /// <summary><c>AUTH_FAILED</c>: reason unknown.</summary>
    Failed = 7,

    /// <summary><c>AUTH_KERB_GENERIC</c>: Kerberos generic error.</summary>
    KerbGeneric = 8,

    /// <summary><c>AUTH_TIMEEXPIRE</c>: the time of the credential expired.</summary>
    TimeExpire = 9,

    /// <summary><c>AUTH_TKT_FILE</c>: problem with the ticket file.</summary>
    TicketFile = 10,

    /// <summary><c>AUTH_DECODE</c>: cannot decode the authenticator.</summary>
    Decode = 11,

    /// <summary><c>AUTH_NET_ADDR</c>: wrong network address in the ticket.</summary>
    NetAddr = 12,

    /// <summary><c>RPCSEC_GSS_CREDPROBLEM</c>: no credentials for the user.</summary>
    RpcsecGssCredProblem = 13,

    /// <summary><c>RPCSEC_GSS_CTXPROBLEM</c>: problem with the context.</summary>
    RpcsecGssCtxProblem = 14,
}
