namespace MiniRpc.Protocol;

/// <summary>
/// <c>auth_flavor</c>: the authentication flavor of a credential or verifier (RFC 5531 §8.2). The list is open-ended
/// (IANA assigns numbers), so any value decodes; a server that does not support a flavor answers AUTH_ERROR.
/// </summary>
public enum AuthFlavor
{
    /// <summary><c>AUTH_NONE</c>: no authentication; the body is empty.</summary>
    None = 0,

    /// <summary><c>AUTH_SYS</c> (formerly AUTH_UNIX): the caller's uid, gid and groups; see <see cref="AuthSysParameters"/>.</summary>
    Sys = 1,

    /// <summary><c>AUTH_SHORT</c>: a shorthand a server may hand back for an AUTH_SYS credential.</summary>
    Short = 2,

    /// <summary><c>AUTH_DH</c>: Diffie-Hellman authentication.</summary>
    Dh = 3,

    /// <summary><c>RPCSEC_GSS</c> (RFC 2203).</summary>
    RpcsecGss = 6,

    /// <summary><c>AUTH_TLS</c>: the RPC-with-TLS probe (RFC 9289).</summary>
    Tls = 7,
}
