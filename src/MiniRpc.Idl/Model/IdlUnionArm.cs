namespace MiniRpc.Idl.Model;

/// <summary>One arm of a union: one or more case labels sharing a declaration, or the <c>default:</c> arm.</summary>
/// <param name="Labels">The case labels (empty for the default arm).</param>
/// <param name="Declaration">The arm's data, or <see langword="null"/> for a <c>void</c> arm.</param>
/// <param name="Location">The location of the first <c>case</c> (or of <c>default</c>).</param>
public sealed record IdlUnionArm(EquatableArray<IdlCaseLabel> Labels, IdlDeclaration? Declaration, SourceLocation Location);
