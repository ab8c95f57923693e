namespace MiniRpc.Idl.Model;

/// <summary>One <c>NAME = value</c> of an enum.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="Value">The resolved value (XDR enums are 32-bit signed integers).</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlEnumMember(string Name, int Value, SourceLocation Location);
