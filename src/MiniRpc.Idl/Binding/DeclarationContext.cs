namespace MiniRpc.Idl.Binding;

/// <summary>Where a declaration appears; decides whether <c>void</c> and arrays are allowed.</summary>
internal enum DeclarationContext
{
    StructMember,
    UnionArm,
    Discriminant,
    Typedef,
}
