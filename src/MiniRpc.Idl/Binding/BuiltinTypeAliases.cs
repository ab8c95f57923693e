using System.Collections.Generic;
using MiniRpc.Idl.Model;

namespace MiniRpc.Idl.Binding;

/// <summary>
/// C type names that real <c>.x</c> files use without defining them, because rpcgen passes them through and
/// libtirpc supplies their XDR routines (<c>xdr_u_int</c>, <c>xdr_uint32_t</c>, ...). A file that defines one of
/// these names itself (<c>typedef unsigned int uint32_t;</c>) uses its own definition.
/// </summary>
internal static class BuiltinTypeAliases
{
    private static readonly Dictionary<string, IdlTypeKind> s_aliases = new Dictionary<string, IdlTypeKind>(System.StringComparer.Ordinal)
    {
        ["u_int"] = IdlTypeKind.UnsignedInt,
        ["u_long"] = IdlTypeKind.UnsignedInt,
        ["u_short"] = IdlTypeKind.UnsignedShort,
        ["u_char"] = IdlTypeKind.UnsignedChar,
        ["int8_t"] = IdlTypeKind.Char,
        ["uint8_t"] = IdlTypeKind.UnsignedChar,
        ["u_int8_t"] = IdlTypeKind.UnsignedChar,
        ["int16_t"] = IdlTypeKind.Short,
        ["uint16_t"] = IdlTypeKind.UnsignedShort,
        ["u_int16_t"] = IdlTypeKind.UnsignedShort,
        ["int32_t"] = IdlTypeKind.Int,
        ["uint32_t"] = IdlTypeKind.UnsignedInt,
        ["u_int32_t"] = IdlTypeKind.UnsignedInt,
        ["int64_t"] = IdlTypeKind.Hyper,
        ["uint64_t"] = IdlTypeKind.UnsignedHyper,
        ["u_int64_t"] = IdlTypeKind.UnsignedHyper,
        ["quad_t"] = IdlTypeKind.Hyper,
        ["u_quad_t"] = IdlTypeKind.UnsignedHyper,
        ["longlong_t"] = IdlTypeKind.Hyper,
        ["u_longlong_t"] = IdlTypeKind.UnsignedHyper,
        ["bool_t"] = IdlTypeKind.Bool,
        ["enum_t"] = IdlTypeKind.Int,

        // libtirpc's <rpc/types.h>: typedef u_int32_t rpcprog_t (rpcb_prot.x uses them).
        ["rpcprog_t"] = IdlTypeKind.UnsignedInt,
        ["rpcvers_t"] = IdlTypeKind.UnsignedInt,
        ["rpcproc_t"] = IdlTypeKind.UnsignedInt,
        ["rpcprot_t"] = IdlTypeKind.UnsignedInt,
        ["rpcport_t"] = IdlTypeKind.UnsignedInt,
    };

    public static bool TryGet(string name, out IdlTypeKind kind) => s_aliases.TryGetValue(name, out kind);
}
