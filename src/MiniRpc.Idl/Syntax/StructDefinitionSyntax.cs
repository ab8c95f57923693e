using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>struct NAME { declaration; ... };</c></summary>
internal sealed record StructDefinitionSyntax(IdentifierSyntax Name, IReadOnlyList<DeclarationSyntax> Members, TextPosition Position)
    : DefinitionSyntax(Position);
