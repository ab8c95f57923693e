namespace MiniRpc.Idl.Model;

/// <summary>The shape of a declaration (RFC 4506 §6.3, <c>declaration</c>).</summary>
public enum IdlDeclarationKind
{
    /// <summary><c>type name</c>: one value.</summary>
    Scalar,

    /// <summary><c>type *name</c>: optional data, sent as a bool and then the value when present.</summary>
    Optional,

    /// <summary><c>type name[n]</c>: exactly <see cref="IdlDeclaration.Size"/> elements (bytes for opaque).</summary>
    FixedArray,

    /// <summary><c>type name&lt;n&gt;</c> or <c>type name&lt;&gt;</c>: a length, then up to <see cref="IdlDeclaration.Size"/> elements.</summary>
    VariableArray,
}
