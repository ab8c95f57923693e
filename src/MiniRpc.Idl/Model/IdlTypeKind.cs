namespace MiniRpc.Idl.Model;

/// <summary>What an <see cref="IdlTypeReference"/> refers to.</summary>
public enum IdlTypeKind
{
    /// <summary><c>void</c>: no data (a union arm, a procedure argument or result).</summary>
    Void,

    /// <summary>32-bit signed integer: <c>int</c>, <c>long</c>, <c>int32_t</c>.</summary>
    Int,

    /// <summary>32-bit unsigned integer: <c>unsigned</c>, <c>unsigned int</c>, <c>u_int</c>, <c>unsigned long</c>, <c>u_long</c>, <c>uint32_t</c>, <c>u_int32_t</c>.</summary>
    UnsignedInt,

    /// <summary>64-bit signed integer: <c>hyper</c>, <c>int64_t</c>, <c>longlong_t</c>.</summary>
    Hyper,

    /// <summary>64-bit unsigned integer: <c>unsigned hyper</c>, <c>uint64_t</c>, <c>u_int64_t</c>, <c>u_longlong_t</c>.</summary>
    UnsignedHyper,

    /// <summary><c>short</c> (rpcgen's xdr_short: sent as a 32-bit integer, holds 16 bits).</summary>
    Short,

    /// <summary><c>unsigned short</c>, <c>u_short</c>, <c>uint16_t</c> (sent as a 32-bit integer).</summary>
    UnsignedShort,

    /// <summary><c>char</c>, <c>int8_t</c> (rpcgen's xdr_char: sent as a 32-bit integer, holds 8 bits).</summary>
    Char,

    /// <summary><c>unsigned char</c>, <c>u_char</c>, <c>uint8_t</c> (sent as a 32-bit integer).</summary>
    UnsignedChar,

    /// <summary><c>float</c>: IEEE single precision.</summary>
    Float,

    /// <summary><c>double</c>: IEEE double precision.</summary>
    Double,

    /// <summary><c>quadruple</c>: IEEE quadruple precision (.NET has no such type; the generator decides what to do).</summary>
    Quadruple,

    /// <summary><c>bool</c>, <c>bool_t</c>.</summary>
    Bool,

    /// <summary><c>string</c>: ASCII bytes, always with a variable-length bound.</summary>
    String,

    /// <summary><c>opaque</c>: uninterpreted bytes, always as a fixed or variable-length array.</summary>
    Opaque,

    /// <summary>A user-defined <c>enum</c>.</summary>
    Enum,

    /// <summary>A user-defined <c>struct</c>.</summary>
    Struct,

    /// <summary>A user-defined <c>union</c>.</summary>
    Union,

    /// <summary>A user-defined <c>typedef</c>.</summary>
    Typedef,

    /// <summary>
    /// A name defined in none of the files (rpcgen accepts it and expects C code to supply <c>xdr_name</c>, as
    /// <c>rpcb_prot.x</c> does for <c>netbuf</c>); reported as warning MRPC101.
    /// </summary>
    External,
}
