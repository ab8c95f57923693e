namespace MiniRpc.Idl.Preprocessing;

/// <summary>An object-like macro from <c>#define NAME body</c> or from <see cref="IdlOptions.Defines"/>.</summary>
internal sealed record Macro(string Name, string Body);
