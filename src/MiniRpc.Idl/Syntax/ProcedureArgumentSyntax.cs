namespace MiniRpc.Idl.Syntax;

/// <summary>An argument as rpcgen reads it: <c>type [name] [* [name]] [&lt; [size] &gt;]</c>.</summary>
internal sealed record ProcedureArgumentSyntax(
    TypeSpecifierSyntax Type,
    IdentifierSyntax? Name,
    bool IsOptional,
    bool IsArray,
    ValueSyntax? Size,
    TextPosition Position);
