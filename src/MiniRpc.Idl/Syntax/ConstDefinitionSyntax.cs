namespace MiniRpc.Idl.Syntax;

/// <summary><c>const NAME = value;</c></summary>
internal sealed record ConstDefinitionSyntax(IdentifierSyntax Name, ValueSyntax Value, TextPosition Position)
    : DefinitionSyntax(Position);
