namespace MiniRpc.Idl.Model;

/// <summary>A <c>version NAME { ... } = number;</c> of a program.</summary>
/// <param name="Name">The version's name.</param>
/// <param name="Number">The version number.</param>
/// <param name="Procedures">The procedures in source order.</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlVersion(string Name, uint Number, EquatableArray<IdlProcedure> Procedures, SourceLocation Location);
