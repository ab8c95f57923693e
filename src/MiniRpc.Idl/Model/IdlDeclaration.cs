namespace MiniRpc.Idl.Model;

/// <summary>A named, typed slot: a struct member, a union arm or discriminant, a typedef, a procedure argument.</summary>
/// <param name="Name">The declared name; a procedure argument without a name gets rpcgen's <c>arg1</c>, <c>arg2</c>, ...</param>
/// <param name="Type">The element type (for <c>string</c> and <c>opaque</c> arrays: <see cref="IdlTypeKind.String"/> or <see cref="IdlTypeKind.Opaque"/>).</param>
/// <param name="Kind">Scalar, optional, fixed or variable-length array.</param>
/// <param name="Size">
/// The length of a fixed array, the maximum of a variable-length array, or <see langword="null"/> for <c>&lt;&gt;</c>
/// (no maximum but the 2^32-1 of the length word) and for scalars.
/// </param>
/// <param name="SizeText">The size as written (a literal or a constant's name), or <see langword="null"/> when there is none.</param>
/// <param name="Location">The location of the declared name (or of the type when there is no name).</param>
public sealed record IdlDeclaration(
    string Name,
    IdlTypeReference Type,
    IdlDeclarationKind Kind,
    uint? Size,
    string? SizeText,
    SourceLocation Location);
