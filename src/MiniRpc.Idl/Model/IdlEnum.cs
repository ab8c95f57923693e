namespace MiniRpc.Idl.Model;

/// <summary>An <c>enum name { ... };</c> definition (RFC 4506 §4.3).</summary>
/// <param name="Name">The enum's name.</param>
/// <param name="Members">The members in source order.</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlEnum(string Name, EquatableArray<IdlEnumMember> Members, SourceLocation Location)
    : IdlTypeDefinition(Name, Location);
