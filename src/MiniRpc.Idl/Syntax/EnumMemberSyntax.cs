namespace MiniRpc.Idl.Syntax;

/// <summary><c>NAME [= value]</c>; without a value rpcgen (like C) counts on from the previous member.</summary>
internal sealed record EnumMemberSyntax(IdentifierSyntax Name, ValueSyntax? Value);
