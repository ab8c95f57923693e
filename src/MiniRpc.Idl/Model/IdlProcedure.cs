namespace MiniRpc.Idl.Model;

/// <summary>A procedure of a version (RFC 5531 §12.2): <c>result NAME(arguments) = number;</c>.</summary>
/// <param name="Name">The procedure's name.</param>
/// <param name="Number">The procedure number.</param>
/// <param name="Result">The result type (<see cref="IdlTypeKind.Void"/> when there is none; <c>string</c> means <c>string&lt;&gt;</c>).</param>
/// <param name="Arguments">
/// The arguments; empty for <c>void</c>. More than one is rpcgen's newstyle (<c>-N</c>) form. A <c>string</c>
/// argument is a variable-length array, a <c>type *</c> argument optional.
/// </param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlProcedure(
    string Name,
    uint Number,
    IdlTypeReference Result,
    EquatableArray<IdlDeclaration> Arguments,
    SourceLocation Location);
