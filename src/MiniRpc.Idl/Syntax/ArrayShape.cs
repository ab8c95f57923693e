namespace MiniRpc.Idl.Syntax;

/// <summary>The array suffix of a declaration.</summary>
internal enum ArrayShape
{
    None,
    Fixed,
    Variable,
}
