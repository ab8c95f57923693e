namespace MiniRpc.Server;

/// <summary>Who is at the other end of a Unix domain socket, as the kernel vouches (SO_PEERCRED).</summary>
/// <param name="ProcessId">The peer's process id.</param>
/// <param name="UserId">The peer's user id; 0 is root.</param>
/// <param name="GroupId">The peer's group id.</param>
public readonly record struct UnixCredentials(int ProcessId, uint UserId, uint GroupId);
