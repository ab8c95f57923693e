using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>enum NAME { members };</c></summary>
internal sealed record EnumDefinitionSyntax(IdentifierSyntax Name, IReadOnlyList<EnumMemberSyntax> Members, TextPosition Position)
    : DefinitionSyntax(Position);
