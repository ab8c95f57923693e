namespace MiniRpc.Idl.Syntax;

/// <summary>A name token.</summary>
internal sealed record IdentifierSyntax(string Name, TextPosition Position);
