namespace MiniRpc.Idl.Model;

/// <summary>A <c>union name switch (discriminant) { ... };</c> definition (RFC 4506 §4.15).</summary>
/// <param name="Name">The union's name.</param>
/// <param name="Discriminant">The discriminant: int, unsigned int, an enum or bool (possibly through typedefs).</param>
/// <param name="Arms">The <c>case</c> arms in source order.</param>
/// <param name="DefaultArm">The <c>default:</c> arm, or <see langword="null"/> when there is none.</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlUnion(
    string Name,
    IdlDeclaration Discriminant,
    EquatableArray<IdlUnionArm> Arms,
    IdlUnionArm? DefaultArm,
    SourceLocation Location)
    : IdlTypeDefinition(Name, Location);
