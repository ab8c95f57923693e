using System.Collections.Generic;
using System.Globalization;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators.Emitter;

/// <summary>C# types of <c>.x</c> declarations, and the expressions that encode and decode them.</summary>
internal sealed partial class CSharpEmitter
{
    /// <summary>The C# type of one element of <paramref name="type"/>.</summary>
    private string ElementType(IdlTypeReference type) => type.Kind switch
    {
        IdlTypeKind.Int => "int",
        IdlTypeKind.UnsignedInt => "uint",
        IdlTypeKind.Hyper => "long",
        IdlTypeKind.UnsignedHyper => "ulong",
        IdlTypeKind.Short => "short",
        IdlTypeKind.UnsignedShort => "ushort",
        IdlTypeKind.Char => "sbyte",
        IdlTypeKind.UnsignedChar => "byte",
        IdlTypeKind.Float => "float",
        IdlTypeKind.Double or IdlTypeKind.Quadruple => "double",
        IdlTypeKind.Bool => "bool",
        IdlTypeKind.String => "string",
        IdlTypeKind.Opaque => "byte",
        IdlTypeKind.Void => Xdr + "XdrVoid",
        _ => Qualified(type.Name),
    };

    /// <summary>
    /// A fully qualified reference to a type of the model, or of another file of the project; a type defined nowhere
    /// is expected from the user, as a partial class with Encode and Decode in this file's namespace.
    /// </summary>
    private string Qualified(string name)
    {
        if (_types.TryGetValue(name, out IdlTypeDefinition? definition))
        {
            return $"global::{_options.NamespaceOf(definition.Location.FilePath)}.{CSharpNames.Identifier(name)}";
        }

        return _options.FindType(name)?.QualifiedName ?? $"global::{_options.NamespaceOf(_spec.FilePath)}.{CSharpNames.Identifier(name)}";
    }

    /// <summary>What a type reference really is: an External one found in another file takes that file's kind.</summary>
    private IdlTypeKind KindOf(IdlTypeReference type) =>
        type.Kind == IdlTypeKind.External && _options.FindType(type.Name) is { } entry ? entry.Kind : type.Kind;

    private bool IsValueType(IdlTypeReference type) =>
        KindOf(type) is not (IdlTypeKind.String or IdlTypeKind.Opaque or IdlTypeKind.Struct or IdlTypeKind.Union or IdlTypeKind.External);

    /// <summary>The C# type of a declaration: <c>int</c>, <c>string</c>, <c>byte[]</c>, <c>node?</c>, <c>item[]</c>.</summary>
    private string DeclarationType(IdlDeclaration d) => d.Kind switch
    {
        IdlDeclarationKind.Optional => ElementType(d.Type) + "?",
        IdlDeclarationKind.FixedArray or IdlDeclarationKind.VariableArray => d.Type.Kind switch
        {
            IdlTypeKind.String => _options.StringsAsBytes ? "byte[]" : "string",
            IdlTypeKind.Opaque => "byte[]",
            _ => ElementType(d.Type) + "[]",
        },
        _ => ElementType(d.Type),
    };

    /// <summary>The value a new instance starts with, so that it encodes as it is; null when the C# default does.</summary>
    private string? DefaultValue(IdlDeclaration d)
    {
        string size = (d.Size ?? 0).ToString(CultureInfo.InvariantCulture);
        switch (d.Kind)
        {
            case IdlDeclarationKind.Optional:
                return null;
            case IdlDeclarationKind.FixedArray when d.Type.Kind == IdlTypeKind.Opaque:
                return $"new byte[{size}]";
            case IdlDeclarationKind.VariableArray when d.Type.Kind == IdlTypeKind.String:
                return _options.StringsAsBytes ? "global::System.Array.Empty<byte>()" : "string.Empty";
            case IdlDeclarationKind.VariableArray when d.Type.Kind == IdlTypeKind.Opaque:
                return "global::System.Array.Empty<byte>()";
            case IdlDeclarationKind.VariableArray:
                return $"global::System.Array.Empty<{ElementType(d.Type)}>()";
            case IdlDeclarationKind.FixedArray:
                string? element = ElementDefault(d.Type);
                return element is null || IsValueType(d.Type)
                    ? $"new {ElementType(d.Type)}[{size}]"
                    : $"{Xdr}XdrValues.CreateArray<{ElementType(d.Type)}>({size}, static () => {element})";
            default:
                return ElementDefault(d.Type);
        }
    }

    /// <summary>A valid starting value of one element: the first member of an enum, a new struct, the first arm of a union.</summary>
    private string? ElementDefault(IdlTypeReference type)
    {
        if (type.Kind == IdlTypeKind.External && _options.FindType(type.Name) is { } entry)
        {
            return entry.DefaultValue;
        }

        switch (type.Kind)
        {
            case IdlTypeKind.Struct:
            case IdlTypeKind.External:
                return $"new {ElementType(type)}()";
            case IdlTypeKind.Union when _types.TryGetValue(type.Name, out IdlTypeDefinition? union):
                return $"new {ElementType(type)}.{UnionArms((IdlUnion)union)[0].ClassName}()";
            case IdlTypeKind.Enum when _types.TryGetValue(type.Name, out IdlTypeDefinition? e) && ((IdlEnum)e).Members.Count > 0:
                return $"{ElementType(type)}.{CSharpNames.Identifier(((IdlEnum)e).Members[0].Name)}";
            default:
                return null;
        }
    }

    private static string Bound(uint? size) => size is null
        ? Xdr + "XdrSize.Unbounded"
        : size.Value.ToString(CultureInfo.InvariantCulture) + "U";

    /// <summary>A statement (without the semicolon) that writes <paramref name="value"/>, declared as <paramref name="d"/>, to <paramref name="w"/>.</summary>
    private string WriteStatement(IdlDeclaration d, string value, string w)
    {
        string size = (d.Size ?? 0).ToString(CultureInfo.InvariantCulture);
        switch (d.Kind)
        {
            case IdlDeclarationKind.Optional:
                return IsValueType(d.Type)
                    ? $"{w}.WriteOptionalValue<{ElementType(d.Type)}>({value}, {EncoderLambda(d.Type)})"
                    : $"{w}.WriteOptional<{ElementType(d.Type)}>({value}, {EncoderLambda(d.Type)})";
            case IdlDeclarationKind.FixedArray when d.Type.Kind == IdlTypeKind.Opaque:
                return $"{w}.WriteFixedOpaque({value}, {size})";
            case IdlDeclarationKind.VariableArray when d.Type.Kind == IdlTypeKind.Opaque:
                return $"{w}.WriteOpaque({value}, {Bound(d.Size)})";
            case IdlDeclarationKind.VariableArray when d.Type.Kind == IdlTypeKind.String:
                return _options.StringsAsBytes
                    ? $"{w}.WriteStringBytes({value}, {Bound(d.Size)})"
                    : $"{w}.WriteString({value}, {Bound(d.Size)})";
            case IdlDeclarationKind.FixedArray:
                return $"{w}.WriteFixedArray<{ElementType(d.Type)}>({value}, {size}, {EncoderLambda(d.Type)})";
            case IdlDeclarationKind.VariableArray:
                return $"{w}.WriteVariableArray<{ElementType(d.Type)}>({value}, {Bound(d.Size)}, {EncoderLambda(d.Type)})";
            default:
                return WriteElement(d.Type, value, w);
        }
    }

    /// <summary>An expression that reads a value declared as <paramref name="d"/> from <paramref name="r"/>.</summary>
    private string ReadExpression(IdlDeclaration d, string r)
    {
        string size = (d.Size ?? 0).ToString(CultureInfo.InvariantCulture);
        switch (d.Kind)
        {
            case IdlDeclarationKind.Optional:
                return IsValueType(d.Type)
                    ? $"{r}.ReadOptionalValue<{ElementType(d.Type)}>({DecoderLambda(d.Type)})"
                    : $"{r}.ReadOptional<{ElementType(d.Type)}>({DecoderLambda(d.Type)})";
            case IdlDeclarationKind.FixedArray when d.Type.Kind == IdlTypeKind.Opaque:
                return $"{r}.ReadFixedOpaque({size})";
            case IdlDeclarationKind.VariableArray when d.Type.Kind == IdlTypeKind.Opaque:
                return $"{r}.ReadOpaque({Bound(d.Size)})";
            case IdlDeclarationKind.VariableArray when d.Type.Kind == IdlTypeKind.String:
                return _options.StringsAsBytes
                    ? $"{r}.ReadStringByteArray({Bound(d.Size)})"
                    : $"{r}.ReadString({Bound(d.Size)})";
            case IdlDeclarationKind.FixedArray:
                return $"{r}.ReadFixedArray<{ElementType(d.Type)}>({size}, {DecoderLambda(d.Type)}, {MinimumSize(d.Type, new HashSet<string>())})";
            case IdlDeclarationKind.VariableArray:
                return $"{r}.ReadVariableArray<{ElementType(d.Type)}>({Bound(d.Size)}, {DecoderLambda(d.Type)}, {MinimumSize(d.Type, new HashSet<string>())})";
            default:
                return ReadElement(d.Type, r);
        }
    }

    private string WriteElement(IdlTypeReference type, string value, string w) => KindOf(type) switch
    {
        IdlTypeKind.Int => $"{w}.WriteInt32({value})",
        IdlTypeKind.UnsignedInt => $"{w}.WriteUInt32({value})",
        IdlTypeKind.Hyper => $"{w}.WriteInt64({value})",
        IdlTypeKind.UnsignedHyper => $"{w}.WriteUInt64({value})",
        IdlTypeKind.Short => $"{w}.WriteInt16({value})",
        IdlTypeKind.UnsignedShort => $"{w}.WriteUInt16({value})",
        IdlTypeKind.Char => $"{w}.WriteSByte({value})",
        IdlTypeKind.UnsignedChar => $"{w}.WriteByte({value})",
        IdlTypeKind.Float => $"{w}.WriteSingle({value})",
        IdlTypeKind.Double or IdlTypeKind.Quadruple => $"{w}.WriteDouble({value})",
        IdlTypeKind.Bool => $"{w}.WriteBoolean({value})",
        IdlTypeKind.Void => $"{w}.WriteVoid()",
        IdlTypeKind.Enum => $"{w}.WriteInt32((int){value})",
        _ => $"{ElementType(type)}.Encode(ref {w}, {value})",
    };

    private string ReadElement(IdlTypeReference type, string r) => KindOf(type) switch
    {
        IdlTypeKind.Int => $"{r}.ReadInt32()",
        IdlTypeKind.UnsignedInt => $"{r}.ReadUInt32()",
        IdlTypeKind.Hyper => $"{r}.ReadInt64()",
        IdlTypeKind.UnsignedHyper => $"{r}.ReadUInt64()",
        IdlTypeKind.Short => $"{r}.ReadInt16()",
        IdlTypeKind.UnsignedShort => $"{r}.ReadUInt16()",
        IdlTypeKind.Char => $"{r}.ReadSByte()",
        IdlTypeKind.UnsignedChar => $"{r}.ReadByte()",
        IdlTypeKind.Float => $"{r}.ReadSingle()",
        IdlTypeKind.Double or IdlTypeKind.Quadruple => $"{r}.ReadDouble()",
        IdlTypeKind.Bool => $"{r}.ReadBoolean()",
        IdlTypeKind.Void => $"{Xdr}XdrVoid.Value",
        IdlTypeKind.Enum => $"{ElementType(type)}Xdr.Decode(ref {r})",
        _ => $"{ElementType(type)}.Decode(ref {r})",
    };

    /// <summary>A static lambda that writes one element: an <c>XdrEncoder&lt;T&gt;</c>.</summary>
    private string EncoderLambda(IdlTypeReference type)
    {
        int depth = ++_lambdaDepth;
        string lambda = $"static (ref {Xdr}XdrWriter w{depth}, {ElementType(type)} x{depth}) => {WriteElement(type, "x" + depth, "w" + depth)}";
        _lambdaDepth--;
        return lambda;
    }

    /// <summary>A static lambda that reads one element: an <c>XdrDecoder&lt;T&gt;</c>.</summary>
    private string DecoderLambda(IdlTypeReference type)
    {
        int depth = ++_lambdaDepth;
        string lambda = $"static (ref {Xdr}XdrReader r{depth}) => {ReadElement(type, "r" + depth)}";
        _lambdaDepth--;
        return lambda;
    }

    /// <summary>An expression comparing two values declared as <paramref name="d"/>.</summary>
    private string EqualsExpression(IdlDeclaration d, string left, string right) => IsArray(d)
        ? $"{Xdr}XdrValues.ArrayEquals({left}, {right})"
        : $"global::System.Collections.Generic.EqualityComparer<{DeclarationType(d)}>.Default.Equals({left}, {right})";

    private string HashExpression(IdlDeclaration d, string value) => IsArray(d)
        ? $"{Xdr}XdrValues.ArrayHash({value})"
        : value;

    /// <summary>Whether the C# type of <paramref name="d"/> is an array (compared element by element), not a <c>string</c>.</summary>
    private bool IsArray(IdlDeclaration d) =>
        d.Kind is IdlDeclarationKind.FixedArray or IdlDeclarationKind.VariableArray
        && (d.Type.Kind != IdlTypeKind.String || _options.StringsAsBytes);

    /// <summary>The fewest bytes one value of <paramref name="type"/> occupies, for the reader's check of array counts.</summary>
    private int MinimumSize(IdlTypeReference type, HashSet<string> visiting)
    {
        switch (type.Kind)
        {
            case IdlTypeKind.Void:
                return 0;
            case IdlTypeKind.Hyper or IdlTypeKind.UnsignedHyper or IdlTypeKind.Double:
                return 8;
            case IdlTypeKind.Quadruple:
                return 16;
            case IdlTypeKind.Struct or IdlTypeKind.Union or IdlTypeKind.Typedef when _types.TryGetValue(type.Name, out IdlTypeDefinition? definition) && visiting.Add(type.Name):
                int size = definition switch
                {
                    IdlStruct s => Sum(s.Members, visiting),
                    IdlUnion u => 4 + Min(u, visiting),
                    IdlTypedef t => MinimumSize(t.Declaration, visiting),
                    _ => 4,
                };
                visiting.Remove(type.Name);
                return size;
            case IdlTypeKind.Struct or IdlTypeKind.Union or IdlTypeKind.Typedef or IdlTypeKind.External:
                return 0;
            default:
                return 4;
        }
    }

    private int MinimumSize(IdlDeclaration d, HashSet<string> visiting) => d.Kind switch
    {
        IdlDeclarationKind.Optional or IdlDeclarationKind.VariableArray => 4,
        IdlDeclarationKind.FixedArray when d.Type.Kind == IdlTypeKind.Opaque => (int)((((long)(d.Size ?? 0)) + 3) & ~3L),
        IdlDeclarationKind.FixedArray => (int)System.Math.Min(int.MaxValue, (long)(d.Size ?? 0) * MinimumSize(d.Type, visiting)),
        _ => MinimumSize(d.Type, visiting),
    };

    private int Sum(IEnumerable<IdlDeclaration> members, HashSet<string> visiting)
    {
        long total = 0;
        foreach (IdlDeclaration member in members)
        {
            total += MinimumSize(member, visiting);
        }

        return (int)System.Math.Min(int.MaxValue, total);
    }

    private int Min(IdlUnion union, HashSet<string> visiting)
    {
        int min = int.MaxValue;
        foreach (IdlUnionArm arm in union.Arms)
        {
            min = System.Math.Min(min, arm.Declaration is null ? 0 : MinimumSize(arm.Declaration, visiting));
        }

        if (union.DefaultArm is not null)
        {
            min = System.Math.Min(min, union.DefaultArm.Declaration is null ? 0 : MinimumSize(union.DefaultArm.Declaration, visiting));
        }

        return min == int.MaxValue ? 0 : min;
    }
}
