namespace MiniRpc.Idl.Binding;

/// <summary>Where the lazy evaluation of a symbol's value stands (for finding circular constants).</summary>
internal enum ResolutionState
{
    Unresolved,
    Resolving,
    Resolved,
    Failed,
}
