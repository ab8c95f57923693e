using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>union NAME switch (declaration) { arms [default: declaration;] };</c></summary>
internal sealed record UnionDefinitionSyntax(
    IdentifierSyntax Name,
    DeclarationSyntax Discriminant,
    IReadOnlyList<CaseArmSyntax> Arms,
    CaseArmSyntax? DefaultArm,
    TextPosition Position)
    : DefinitionSyntax(Position);
