namespace MiniRpc.Protocol;

/// <summary>The lowest and highest versions a server supports, as sent with PROG_MISMATCH and RPC_MISMATCH (RFC 5531 §9).</summary>
/// <param name="Low">The lowest version supported.</param>
/// <param name="High">The highest version supported.</param>
public readonly record struct MismatchInfo(uint Low, uint High);
