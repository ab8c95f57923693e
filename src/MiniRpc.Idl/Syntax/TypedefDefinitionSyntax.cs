namespace MiniRpc.Idl.Syntax;

/// <summary><c>typedef declaration;</c></summary>
internal sealed record TypedefDefinitionSyntax(DeclarationSyntax Declaration, TextPosition Position)
    : DefinitionSyntax(Position);
