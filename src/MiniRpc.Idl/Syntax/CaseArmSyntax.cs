using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary><c>case v1: case v2: declaration;</c> (no labels for <c>default:</c>).</summary>
internal sealed record CaseArmSyntax(IReadOnlyList<ValueSyntax> Labels, DeclarationSyntax Declaration, TextPosition Position);
