namespace MiniRpc.Idl.Binding;

/// <summary>What a name of the file stands for. rpcgen turns all of them into C names of one scope, so they share one namespace here too.</summary>
internal enum SymbolKind
{
    PredefinedConstant,
    Constant,
    EnumMember,
    Program,
    Version,
    Procedure,
    Enum,
    Struct,
    Union,
    Typedef,
}
