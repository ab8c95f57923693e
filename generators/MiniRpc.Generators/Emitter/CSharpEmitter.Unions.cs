using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators.Emitter;

/// <summary>
/// A union becomes an abstract class with one sealed nested class per arm, named after the arm's first case label
/// (or <c>Default</c>); <c>Match</c> makes handling every arm a compile-time obligation.
/// </summary>
internal sealed partial class CSharpEmitter
{
    private IReadOnlyList<UnionArm> UnionArms(IdlUnion union)
    {
        string discriminant = CSharpNames.Member(union.Discriminant.Name, union.Name);
        var used = new HashSet<string>(System.StringComparer.Ordinal) { union.Name, discriminant };
        var arms = new List<UnionArm>();
        foreach (IdlUnionArm arm in union.Arms)
        {
            IdlCaseLabel first = arm.Labels[0];
            arms.Add(new UnionArm(Unique(CSharpNames.CaseName(first.Text, first.Value), used), arm.Labels.ToArray(), arm.Declaration, false));
        }

        if (union.DefaultArm is not null)
        {
            arms.Add(new UnionArm(Unique("Default", used), System.Array.Empty<IdlCaseLabel>(), union.DefaultArm.Declaration, true));
        }

        return arms;

        static string Unique(string name, HashSet<string> used)
        {
            string candidate = CSharpNames.Identifier(name);
            while (!used.Add(candidate))
            {
                candidate += "_";
            }

            return candidate;
        }
    }

    /// <summary>The discriminant's type with typedefs seen through: int, unsigned int, bool or an enum.</summary>
    private IdlTypeReference DiscriminantType(IdlUnion union)
    {
        IdlTypeReference type = union.Discriminant.Type;
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        while (type.Kind == IdlTypeKind.Typedef && _types.TryGetValue(type.Name, out IdlTypeDefinition? definition) && definition is IdlTypedef t && seen.Add(t.Name))
        {
            type = t.Declaration.Type;
        }

        return type;
    }

    private string LabelLiteral(IdlTypeReference discriminant, IdlCaseLabel label)
    {
        switch (discriminant.Kind)
        {
            case IdlTypeKind.Bool:
                return label.Value != 0 ? "true" : "false";
            case IdlTypeKind.UnsignedInt:
                return ((uint)label.Value).ToString(CultureInfo.InvariantCulture) + "U";
            case IdlTypeKind.Enum:
                IdlEnum? e = _types.TryGetValue(discriminant.Name, out IdlTypeDefinition? d) ? d as IdlEnum : null;
                IdlEnumMember? member = e?.Members.FirstOrDefault(m => m.Name == label.Text) ?? e?.Members.FirstOrDefault(m => m.Value == label.Value);
                return member is not null
                    ? $"{ElementType(discriminant)}.{CSharpNames.Identifier(member.Name)}"
                    : $"({ElementType(discriminant)})({label.Value.ToString(CultureInfo.InvariantCulture)})";
            default:
                return label.Value < 0
                    ? $"({label.Value.ToString(CultureInfo.InvariantCulture)})"
                    : label.Value.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A discriminant value that no case label takes, for the default arm's parameterless constructor.</summary>
    private string FreeDiscriminant(IdlTypeReference discriminant, IdlUnion union)
    {
        var taken = new HashSet<long>(union.Arms.SelectMany(a => a.Labels).Select(l => l.Value));
        if (discriminant.Kind == IdlTypeKind.Enum && _types.TryGetValue(discriminant.Name, out IdlTypeDefinition? d) && d is IdlEnum e)
        {
            IdlEnumMember? free = e.Members.FirstOrDefault(m => !taken.Contains(m.Value));
            return free is not null ? $"{ElementType(discriminant)}.{CSharpNames.Identifier(free.Name)}" : $"({ElementType(discriminant)})0";
        }

        long value = 0;
        while (taken.Contains(value))
        {
            value++;
        }

        return LabelLiteral(discriminant, new IdlCaseLabel(value, value.ToString(CultureInfo.InvariantCulture), union.Location));
    }

    private void EmitUnion(IdlUnion union)
    {
        string name = CSharpNames.Identifier(union.Name);
        IdlTypeReference discriminantType = DiscriminantType(union);
        string dType = ElementType(discriminantType);
        string dName = CSharpNames.Member(union.Discriminant.Name, union.Name);
        string dParameter = CSharpNames.Identifier(union.Discriminant.Name);
        IReadOnlyList<UnionArm> arms = UnionArms(union);

        _out.Summary($"union {union.Name} switch ({union.Discriminant.Type.Name} {union.Discriminant.Name}) {{ ... }}{Where(union.Location)}\nOne nested class per arm; Match handles each.");
        _out.Open($"public abstract partial class {name} : global::System.IEquatable<{name}>");
        _out.Line($"private protected {name}({dType} {dParameter}) => this.{dName} = {dParameter};");
        _out.Line();
        _out.Summary($"{union.Discriminant.Type.Name} {union.Discriminant.Name}: selects the arm.");
        _out.Line($"public {dType} {dName} {{ get; }}");
        _out.Line();

        foreach (UnionArm arm in arms)
        {
            EmitArm(union, name, arm, dType, dName, dParameter, discriminantType);
        }

        _out.Summary("Runs the function that matches the arm: every arm must be handled.");
        string parameters = string.Join(", ", arms.Select(a => $"global::System.Func<{a.ClassName}, TResult> on{a.ClassName.TrimStart('@')}"));
        _out.Open($"public TResult Match<TResult>({parameters})");
        _out.Open("return this switch");
        foreach (UnionArm arm in arms)
        {
            _out.Line($"{arm.ClassName} arm => on{arm.ClassName.TrimStart('@')}(arm),");
        }

        _out.Line($"_ => throw new global::System.InvalidOperationException(\"Unknown arm of {union.Name}.\"),");
        _out.Close("};");
        _out.Close();
        _out.Line();

        _out.Summary($"Writes a {union.Name} as XDR: the discriminant, then the arm's data.");
        _out.Open($"public static void Encode({Writer}, {name} value)");
        _out.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        _out.Line(WriteElement(discriminantType, $"value.{dName}", "writer") + ";");
        _out.Open("switch (value)");
        foreach (UnionArm arm in arms)
        {
            if (arm.Declaration is null)
            {
                _out.Line($"case {arm.ClassName}:");
                _out.Line("    break;");
            }
            else
            {
                _out.Line($"case {arm.ClassName} arm:");
                _out.Line($"    {WriteStatement(arm.Declaration, $"arm.{ArmMember(arm, dName)}", "writer")};");
                _out.Line("    break;");
            }
        }

        _out.Close();
        _out.Close();
        _out.Line();

        _out.Summary($"Reads a {union.Name} from XDR; a discriminant no arm takes is malformed input.");
        _out.Open($"public static {name} Decode({Reader})");
        _out.Line("int offset = reader.Position;");
        _out.Line($"{dType} discriminant = {ReadElement(discriminantType, "reader")};");
        _out.Open("switch (discriminant)");
        UnionArm? defaultArm = null;
        foreach (UnionArm arm in arms)
        {
            if (arm.IsDefault)
            {
                defaultArm = arm;
                continue;
            }

            foreach (IdlCaseLabel label in arm.Labels)
            {
                _out.Line($"case {LabelLiteral(discriminantType, label)}:");
            }

            EmitArmDecode(arm, dName, "discriminant");
        }

        _out.Line("default:");
        if (defaultArm is not null)
        {
            EmitArmDecode(defaultArm, dName, "discriminant");
        }
        else
        {
            _out.Line($"    throw new {Xdr}XdrFormatException({Xdr}XdrError.InvalidDiscriminant, offset, $\"{{discriminant}} selects no arm of union {union.Name}.\");");
        }

        _out.Close();
        _out.Close();
        _out.Line();
        _out.Summary("Compares the arm, the discriminant and the arm's data.");
        _out.Line($"public abstract bool Equals({name}? other);");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line("public abstract override int GetHashCode();");
        _out.Close();
        _out.Line();
    }

    private static string ArmMember(UnionArm arm, string discriminantName)
    {
        string member = CSharpNames.Member(arm.Declaration!.Name, arm.ClassName.TrimStart('@'));
        return member == discriminantName ? member + "_" : member;
    }

    private void EmitArmDecode(UnionArm arm, string dName, string constructorArgument)
    {
        _out.OpenBlock();
        _out.Line($"var arm = new {arm.ClassName}({constructorArgument}, initializeMembers: false);");
        if (arm.Declaration is not null)
        {
            _out.Line($"arm.{ArmMember(arm, dName)} = {ReadExpression(arm.Declaration, "reader")};");
        }

        _out.Line("return arm;");
        _out.Close();
    }

    private void EmitArm(IdlUnion union, string unionName, UnionArm arm, string dType, string dName, string dParameter, IdlTypeReference discriminantType)
    {
        string labels = arm.IsDefault ? "default:" : string.Join(" ", arm.Labels.Select(l => $"case {l.Text}:"));
        _out.Summary($"{labels} {(arm.Declaration is null ? "void" : DeclarationText(arm.Declaration))};");
        _out.Open($"public sealed partial class {arm.ClassName} : {unionName}");
        // The member's starting value is set only when the arm is made by the user: Decode sets it from the wire.
        string? member = arm.Declaration is null ? null : ArmMember(arm, dName);
        string? initial = arm.Declaration is null ? null : DefaultValue(arm.Declaration);
        if (arm.IsDefault)
        {
            string taken = string.Join(" || ", union.Arms.SelectMany(a => a.Labels).Select(l => $"{dParameter} == {LabelLiteral(discriminantType, l)}"));
            _out.Line($"/// <summary>The default arm, with a discriminant that no case label takes.</summary>");
            _out.Line($"public {arm.ClassName}() : this({FreeDiscriminant(discriminantType, union)}, initializeMembers: true) {{ }}");
            _out.Line();
            _out.Line($"/// <summary>The default arm with discriminant <paramref name=\"{dParameter.TrimStart('@')}\"/>, which no case label may take.</summary>");
            _out.Open($"public {arm.ClassName}({dType} {dParameter}) : this({dParameter}, initializeMembers: true)");
            if (taken.Length > 0)
            {
                _out.Open($"if ({taken})");
                _out.Line($"throw new global::System.ArgumentOutOfRangeException(nameof({dParameter}), {dParameter}, \"A case label of {union.Name} takes this value: use its arm.\");");
                _out.Close();
            }

            _out.Close();
        }
        else if (arm.Labels.Length == 1)
        {
            _out.Line($"/// <summary>The arm of case {CodeWriter.Escape(arm.Labels[0].Text)}.</summary>");
            _out.Line($"public {arm.ClassName}() : this({LabelLiteral(discriminantType, arm.Labels[0])}, initializeMembers: true) {{ }}");
        }
        else
        {
            string allowed = string.Join(" || ", arm.Labels.Select(l => $"{dParameter} == {LabelLiteral(discriminantType, l)}"));
            _out.Line($"/// <summary>The arm of cases {CodeWriter.Escape(string.Join(", ", arm.Labels.Select(l => l.Text)))}, with the first unless another is given.</summary>");
            _out.Open($"public {arm.ClassName}({dType} {dParameter} = {LabelLiteral(discriminantType, arm.Labels[0])}) : this({dParameter}, initializeMembers: true)");
            _out.Open($"if (!({allowed}))");
            _out.Line($"throw new global::System.ArgumentOutOfRangeException(nameof({dParameter}), {dParameter}, \"This arm of {union.Name} takes only its own case labels.\");");
            _out.Close();
            _out.Close();
        }

        _out.Line();
        _out.Line("#pragma warning disable CS8618 // Decode sets the member");
        _out.Line("/// <summary>Decode's constructor: the union's own Decode sets the member (internal, as a nested type's private member is not visible to its union).</summary>");
        _out.Open($"internal {arm.ClassName}({dType} {dParameter}, bool initializeMembers) : base({dParameter})");
        if (member is not null && initial is not null)
        {
            _out.Open("if (initializeMembers)");
            _out.Line($"this.{member} = {initial};");
            _out.Close();
        }

        _out.Close();
        _out.Line("#pragma warning restore CS8618");
        _out.Line();
        string comparisons = $"other is {arm.ClassName} o && global::System.Collections.Generic.EqualityComparer<{dType}>.Default.Equals(this.{dName}, o.{dName})";
        string hash = $"global::System.HashCode.Combine(typeof({arm.ClassName}), this.{dName})";
        if (arm.Declaration is not null && member is not null)
        {
            EmitProperty(arm.Declaration with { Name = member.TrimStart('@') }, string.Empty);
            comparisons += " && " + EqualsExpression(arm.Declaration, "this." + member, "o." + member);
            hash = $"global::System.HashCode.Combine(typeof({arm.ClassName}), this.{dName}, {HashExpression(arm.Declaration, "this." + member)})";
        }

        _out.Line("/// <inheritdoc/>");
        _out.Line($"public override bool Equals({unionName}? other) => {comparisons};");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line($"public override int GetHashCode() => {hash};");
        _out.Close();
        _out.Line();
    }

    /// <summary>One arm of a union as emitted.</summary>
    private sealed record UnionArm(string ClassName, IdlCaseLabel[] Labels, IdlDeclaration? Declaration, bool IsDefault);
}
