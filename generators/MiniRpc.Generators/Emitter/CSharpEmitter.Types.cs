using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators.Emitter;

/// <summary>Enums, structs, unions and typedefs, each with its codec and value equality.</summary>
internal sealed partial class CSharpEmitter
{
    private const string Writer = "ref global::MiniRpc.Xdr.XdrWriter writer";
    private const string Reader = "ref global::MiniRpc.Xdr.XdrReader reader";

    private void EmitEnum(IdlEnum e)
    {
        string name = CSharpNames.Identifier(e.Name);
        _out.Summary($"enum {e.Name} {{ {string.Join(", ", e.Members.Select(m => $"{m.Name} = {m.Value.ToString(CultureInfo.InvariantCulture)}"))} }}{Where(e.Location)}");
        _out.Open($"public enum {name}");
        foreach (IdlEnumMember member in e.Members)
        {
            _out.Line($"{CSharpNames.Identifier(member.Name)} = {member.Value.ToString(CultureInfo.InvariantCulture)},");
        }

        _out.Close();
        _out.Line();

        _out.Summary($"The XDR codec of enum {e.Name}: a value it does not declare is malformed input.");
        _out.Open($"public static partial class {e.Name}Xdr");
        _out.Line($"public static void Encode({Writer}, {name} value) => writer.WriteInt32((int)value);");
        _out.Line();
        _out.Open($"public static {name} Decode({Reader})");
        _out.Line("int offset = reader.Position;");
        _out.Line("int value = reader.ReadInt32();");
        _out.Open("switch (value)");
        foreach (int value in e.Members.Select(m => m.Value).Distinct())
        {
            _out.Line($"case {value.ToString(CultureInfo.InvariantCulture)}:");
        }

        if (e.Members.Count > 0)
        {
            _out.Line($"    return ({name})value;");
        }

        _out.Line("default:");
        _out.Line($"    throw new {Xdr}XdrFormatException({Xdr}XdrError.InvalidEnumValue, offset, $\"{{value}} is not a value of enum {e.Name}.\");");
        _out.Close();
        _out.Close();
        _out.Close();
        _out.Line();
    }

    private void EmitStruct(IdlStruct s)
    {
        string name = CSharpNames.Identifier(s.Name);
        string qualified = Qualified(s.Name);
        IdlDeclaration? link = s.Members.Count > 0 && s.Members[s.Members.Count - 1] is { Kind: IdlDeclarationKind.Optional } last
            && last.Type.Kind == IdlTypeKind.Struct && last.Type.Name == s.Name ? last : null;
        _out.Summary($"struct {s.Name} {{ {string.Join("; ", s.Members.Select(DeclarationText))}; }}{Where(s.Location)}");
        _out.Open($"public sealed partial class {name} : global::System.IEquatable<{name}>");
        var initializers = new List<(string Member, string Value)>();
        foreach (IdlDeclaration member in s.Members)
        {
            if (EmitProperty(member, s.Name) is { } initializer)
            {
                initializers.Add(initializer);
            }
        }

        // Starting values are set by the public constructor only: Decode uses the other one and sets every member
        // from the wire, so nothing is allocated twice.
        _out.Line($"/// <summary>A new {CodeWriter.Escape(s.Name)} whose members start at values that encode (the first enum member, empty arrays...).</summary>");
        _out.Open($"public {name}()");
        foreach ((string member, string value) in initializers)
        {
            _out.Line($"this.{member} = {value};");
        }

        _out.Close();
        _out.Line();
        _out.Line("#pragma warning disable CS8618 // Decode sets every member");
        _out.Line($"private {name}(global::MiniRpc.Xdr.XdrVoid decoding)");
        _out.Line("{");
        _out.Line("}");
        _out.Line("#pragma warning restore CS8618");
        _out.Line();

        string Prop(IdlDeclaration member, string instance) => $"{instance}.{CSharpNames.Member(member.Name, s.Name)}";
        IdlDeclaration[] body = link is null ? s.Members.ToArray() : s.Members.Take(s.Members.Count - 1).ToArray();

        _out.Summary($"Writes a {s.Name} as XDR.");
        _out.Open($"public static void Encode({Writer}, {name} value)");
        _out.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        if (link is null)
        {
            foreach (IdlDeclaration member in body)
            {
                _out.Line(WriteStatement(member, Prop(member, "value"), "writer") + ";");
            }
        }
        else
        {
            // A linked list (the last member points to the next node) is written in a loop, not by recursion.
            _out.Open($"for ({qualified}? node = value; node is not null; node = {Prop(link, "node")})");
            foreach (IdlDeclaration member in body)
            {
                _out.Line(WriteStatement(member, Prop(member, "node"), "writer") + ";");
            }

            _out.Line($"writer.WriteBoolean({Prop(link, "node")} is not null);");
            _out.Close();
        }

        _out.Close();
        _out.Line();

        _out.Summary($"Reads a {s.Name} from XDR.");
        _out.Open($"public static {name} Decode({Reader})");
        if (link is null)
        {
            _out.Line($"var value = new {qualified}(default(global::MiniRpc.Xdr.XdrVoid));");
            foreach (IdlDeclaration member in body)
            {
                _out.Line($"{Prop(member, "value")} = {ReadExpression(member, "reader")};");
            }

            _out.Line("return value;");
        }
        else
        {
            _out.Line($"var head = new {qualified}(default(global::MiniRpc.Xdr.XdrVoid));");
            _out.Line("var node = head;");
            _out.Open("while (true)");
            foreach (IdlDeclaration member in body)
            {
                _out.Line($"{Prop(member, "node")} = {ReadExpression(member, "reader")};");
            }

            _out.Open("if (!reader.ReadBoolean())");
            _out.Line("return head;");
            _out.Close();
            _out.Line($"var next = new {qualified}(default(global::MiniRpc.Xdr.XdrVoid));");
            _out.Line($"{Prop(link, "node")} = next;");
            _out.Line("node = next;");
            _out.Close();
        }

        _out.Close();
        _out.Line();

        _out.Summary("Compares every member; arrays compare by content.");
        _out.Open($"public bool Equals({name}? other)");
        if (link is null)
        {
            string comparisons = string.Join(" && ", body.Select(m => EqualsExpression(m, Prop(m, "this"), Prop(m, "other"))).DefaultIfEmpty("true"));
            _out.Line($"return other is not null && (ReferenceEquals(this, other) || ({comparisons}));");
        }
        else
        {
            _out.Line($"{qualified}? left = this;");
            _out.Line($"{qualified}? right = other;");
            _out.Open("while (true)");
            _out.Open("if (ReferenceEquals(left, right))");
            _out.Line("return true;");
            _out.Close();
            string comparisons = string.Join(" && ", body.Select(m => EqualsExpression(m, Prop(m, "left"), Prop(m, "right"))).DefaultIfEmpty("true"));
            _out.Open($"if (left is null || right is null || !({comparisons}))");
            _out.Line("return false;");
            _out.Close();
            _out.Line($"left = {Prop(link, "left")};");
            _out.Line($"right = {Prop(link, "right")};");
            _out.Close();
        }

        _out.Close();
        _out.Line();
        _out.Line($"/// <inheritdoc/>");
        _out.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        _out.Line();
        _out.Line($"/// <inheritdoc/>");
        _out.Open("public override int GetHashCode()");
        _out.Line("var hash = new global::System.HashCode();");
        if (link is null)
        {
            foreach (IdlDeclaration member in body)
            {
                _out.Line($"hash.Add({HashExpression(member, Prop(member, "this"))});");
            }
        }
        else
        {
            _out.Open($"for ({qualified}? node = this; node is not null; node = {Prop(link, "node")})");
            foreach (IdlDeclaration member in body)
            {
                _out.Line($"hash.Add({HashExpression(member, Prop(member, "node"))});");
            }

            _out.Close();
        }

        _out.Line("return hash.ToHashCode();");
        _out.Close();
        _out.Close();
        _out.Line();
    }

    /// <summary>Emits the property of a member; returns its starting value, for the constructor to set, if it needs one.</summary>
    private (string Member, string Value)? EmitProperty(IdlDeclaration member, string typeName)
    {
        string? initial = DefaultValue(member);
        string name = CSharpNames.Member(member.Name, typeName);
        _out.Summary($"{DeclarationText(member)};");
        _out.Line($"public {DeclarationType(member)} {name} {{ get; set; }}");
        _out.Line();
        return initial is null ? null : (name, initial);
    }

    private void EmitTypedef(IdlTypedef t)
    {
        string name = CSharpNames.Identifier(t.Name);
        IdlDeclaration d = t.Declaration;
        string type = DeclarationType(d);
        string? initial = d.Kind == IdlDeclarationKind.Optional ? null : DefaultValue(d);
        bool reference = d.Kind != IdlDeclarationKind.Optional && (d.Kind != IdlDeclarationKind.Scalar || !IsValueType(d.Type));
        _out.Summary($"typedef {DeclarationText(d).Replace(" " + d.Name, " " + t.Name)};{Where(t.Location)}");
        _out.Open($"public readonly partial struct {name} : global::System.IEquatable<{name}>");
        if (reference && initial is not null)
        {
            _out.Line($"private readonly {type}? _value;");
            _out.Line();
            _out.Line($"/// <summary>Wraps <paramref name=\"value\"/>.</summary>");
            _out.Line($"public {name}({type} value) => _value = value;");
            _out.Line();
            _out.Line($"/// <summary>The value; a default instance holds {CodeWriter.Escape(initial)}.</summary>");
            _out.Line($"public {type} Value => _value ?? {initial};");
        }
        else
        {
            _out.Line($"/// <summary>Wraps <paramref name=\"value\"/>.</summary>");
            _out.Line($"public {name}({type} value) => Value = value;");
            _out.Line();
            _out.Line("/// <summary>The value.</summary>");
            _out.Line($"public {type} Value {{ get; }}");
        }

        _out.Line();
        _out.Line($"/// <summary>Wraps a value.</summary>");
        _out.Line($"public static implicit operator {name}({type} value) => new(value);");
        _out.Line();
        _out.Line($"/// <summary>Unwraps the value.</summary>");
        _out.Line($"public static implicit operator {type}({name} value) => value.Value;");
        _out.Line();
        _out.Summary($"Writes a {t.Name} as XDR.");
        _out.Line($"public static void Encode({Writer}, {name} value) => {WriteStatement(d, "value.Value", "writer")};");
        _out.Line();
        _out.Summary($"Reads a {t.Name} from XDR.");
        _out.Line($"public static {name} Decode({Reader}) => new({ReadExpression(d, "reader")});");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line($"public bool Equals({name} other) => {EqualsExpression(d, "Value", "other.Value")};");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line($"public override int GetHashCode() => {(HashExpression(d, "Value") == "Value" ? "global::System.HashCode.Combine(Value)" : HashExpression(d, "Value"))};");
        _out.Line();
        _out.Line("/// <inheritdoc/>");
        _out.Line("public override string ToString() => global::System.Convert.ToString(Value, global::System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;");
        _out.Line();
        _out.Line("/// <summary>Compares the values.</summary>");
        _out.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
        _out.Line();
        _out.Line("/// <summary>Compares the values.</summary>");
        _out.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
        _out.Close();
        _out.Line();
    }
}
