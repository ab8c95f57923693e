using System.Collections.Generic;

namespace MiniRpc.Idl.Syntax;

/// <summary>
/// What the parser read: the definitions that parsed, and the names of definitions that did not (so the binder does
/// not report them again as undefined).
/// </summary>
internal sealed record SpecificationSyntax(IReadOnlyList<DefinitionSyntax> Definitions, HashSet<string> BrokenNames);
