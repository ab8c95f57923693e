namespace MiniRpc.Idl.Model;

/// <summary>One <c>case value:</c> of a union arm.</summary>
/// <param name="Value">The resolved value (fits the discriminant's type: int, unsigned int, enum or bool).</param>
/// <param name="Text">The label as written: a literal, an enum member or a constant's name.</param>
/// <param name="Location">The location of the value.</param>
public sealed record IdlCaseLabel(long Value, string Text, SourceLocation Location);
