namespace MiniRpc.Idl.Model;

/// <summary>A use of a type in a declaration, a procedure argument or a procedure result.</summary>
/// <param name="Kind">What the name refers to.</param>
/// <param name="Name">
/// For a built-in type, its spelling in the file (<c>unsigned int</c>, <c>u_long</c>, <c>uint32_t</c>); otherwise the
/// name of the user-defined or external type.
/// </param>
/// <param name="Location">The location of the type's first token.</param>
public sealed record IdlTypeReference(IdlTypeKind Kind, string Name, SourceLocation Location)
{
    /// <summary>Gets a value indicating whether the reference names a definition of the file (enum, struct, union or typedef).</summary>
    public bool IsUserDefined => Kind is IdlTypeKind.Enum or IdlTypeKind.Struct or IdlTypeKind.Union or IdlTypeKind.Typedef;
}
