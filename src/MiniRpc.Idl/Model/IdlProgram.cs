namespace MiniRpc.Idl.Model;

/// <summary>A <c>program NAME { ... } = number;</c> definition (RFC 5531 §12.2).</summary>
/// <param name="Name">The program's name.</param>
/// <param name="Number">The program number.</param>
/// <param name="Versions">The versions in source order.</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlProgram(string Name, uint Number, EquatableArray<IdlVersion> Versions, SourceLocation Location);
