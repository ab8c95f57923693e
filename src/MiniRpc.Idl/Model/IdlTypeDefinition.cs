namespace MiniRpc.Idl.Model;

/// <summary>A named type of the file: <see cref="IdlEnum"/>, <see cref="IdlStruct"/>, <see cref="IdlUnion"/> or <see cref="IdlTypedef"/>.</summary>
/// <param name="Name">The type's name.</param>
/// <param name="Location">The location of the name in its definition.</param>
public abstract record IdlTypeDefinition(string Name, SourceLocation Location);
