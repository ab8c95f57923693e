namespace MiniRpc.Idl.Syntax;

/// <summary>
/// <c>type [*] name [ "[" size "]" | "&lt;" [size] "&gt;" ]</c>, or <c>void</c> alone (no name). The grammar accepts every
/// combination; the binder reports the ones the language forbids (MRPC026).
/// </summary>
internal sealed record DeclarationSyntax(
    TypeSpecifierSyntax Type,
    bool IsOptional,
    IdentifierSyntax? Name,
    ArrayShape Shape,
    ValueSyntax? Size,
    TextPosition Position);
