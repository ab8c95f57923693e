using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>result NAME(arguments) = number;</c></summary>
internal sealed record ProcedureSyntax(
    TypeSpecifierSyntax Result,
    IdentifierSyntax Name,
    IReadOnlyList<ProcedureArgumentSyntax> Arguments,
    ValueSyntax Number,
    TextPosition Position);
