namespace MiniRpc.Idl.Syntax;

/// <summary>
/// A <c>value</c> of RFC 4506 §6.3: an integer literal (<see cref="Literal"/> set, or <see langword="null"/> when it is
/// malformed or out of range), the name of a constant (<see cref="IsName"/>), or, in a <c>const</c> definition only,
/// a string in double quotes (rpcgen's TOK_STRCONST, as in <c>key_prot.x</c>).
/// </summary>
internal sealed record ValueSyntax(string Text, bool IsName, decimal? Literal, TextPosition Position)
{
    public bool IsString => !IsName && Text.Length > 0 && Text[0] == '"';
}
