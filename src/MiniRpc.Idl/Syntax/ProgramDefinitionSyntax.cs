using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>program NAME { versions } = number;</c></summary>
internal sealed record ProgramDefinitionSyntax(IdentifierSyntax Name, IReadOnlyList<VersionSyntax> Versions, ValueSyntax Number, TextPosition Position)
    : DefinitionSyntax(Position);
