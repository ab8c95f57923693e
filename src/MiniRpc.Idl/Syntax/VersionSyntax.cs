using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>version NAME { procedures } = number;</c></summary>
internal sealed record VersionSyntax(IdentifierSyntax Name, IReadOnlyList<ProcedureSyntax> Procedures, ValueSyntax Number, TextPosition Position);
