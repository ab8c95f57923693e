namespace MiniRpc.Idl.Binding;

/// <summary>The kind of values a union discriminant takes, after following typedefs.</summary>
internal enum DiscriminantCategory
{
    Invalid,
    Signed,
    Unsigned,
    Bool,
    Enum,
    Unknown,
}
