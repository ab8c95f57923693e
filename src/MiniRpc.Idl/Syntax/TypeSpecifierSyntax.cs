namespace MiniRpc.Idl.Syntax;

/// <summary>
/// A type specifier: a built-in type (<see cref="Builtin"/> set, <see cref="Spelling"/> as written, e.g.
/// <c>unsigned int</c>) or a name, optionally after <c>struct</c>, <c>enum</c> or <c>union</c> (<see cref="Prefix"/>).
/// </summary>
internal sealed record TypeSpecifierSyntax(
    string Spelling,
    MiniRpc.Idl.Model.IdlTypeKind? Builtin,
    string? Prefix,
    IdentifierSyntax? Name,
    TextPosition Position)
{
    public bool IsVoid => Builtin == MiniRpc.Idl.Model.IdlTypeKind.Void;
}
