namespace MiniRpc.Idl.Model;

/// <summary>A <c>struct name { ... };</c> definition (RFC 4506 §4.14).</summary>
/// <param name="Name">The struct's name.</param>
/// <param name="Members">The members in source order (encoding order).</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlStruct(string Name, EquatableArray<IdlDeclaration> Members, SourceLocation Location)
    : IdlTypeDefinition(Name, Location);
