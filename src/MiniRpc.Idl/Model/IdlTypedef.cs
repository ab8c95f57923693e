namespace MiniRpc.Idl.Model;

/// <summary>A <c>typedef declaration;</c> definition (RFC 4506 §6.3): the declaration's name becomes a type.</summary>
/// <param name="Name">The new type's name (the declaration's name).</param>
/// <param name="Declaration">What the name stands for: type, shape and size.</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlTypedef(string Name, IdlDeclaration Declaration, SourceLocation Location)
    : IdlTypeDefinition(Name, Location);
