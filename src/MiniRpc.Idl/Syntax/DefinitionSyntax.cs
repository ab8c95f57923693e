namespace MiniRpc.Idl.Syntax;

/// <summary>A top-level definition; <see cref="Position"/> is its first keyword.</summary>
internal abstract record DefinitionSyntax(TextPosition Position);
