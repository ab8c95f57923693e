using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MiniRpc.Generators.Emitter;

/// <summary>
/// The naming rule: a name from the <c>.x</c> file is used as it is spelled there. A C# keyword gets an <c>@</c>;
/// a member that would clash with its enclosing type or with a member the generator adds gets a trailing <c>_</c>.
/// </summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> s_keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Members every generated type has; a <c>.x</c> member of the same name is renamed.</summary>
    private static readonly HashSet<string> s_reserved = new()
    {
        "Encode", "Decode", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize", "Match", "Value",
    };

    /// <summary>An identifier for <paramref name="name"/>, usable anywhere.</summary>
    public static string Identifier(string name) => s_keywords.Contains(name) ? "@" + name : name;

    /// <summary>An identifier for a member of the type <paramref name="typeName"/>.</summary>
    public static string Member(string name, string typeName) =>
        name == typeName || s_reserved.Contains(name) ? name + "_" : Identifier(name);

    /// <summary>The PascalCase form of a file name: <c>nfs_prot.x</c> -> <c>NfsProt</c>.</summary>
    public static string FileIdentifier(string fileName)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char c in fileName)
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (text.Length == 0 || char.IsDigit(text[0]))
        {
            text.Insert(0, 'X');
        }

        return text.ToString();
    }

    /// <summary>A C# literal for an integer constant, typed by its range.</summary>
    public static (string Type, string Literal) IntegerLiteral(decimal value)
    {
        if (value >= int.MinValue && value <= int.MaxValue)
        {
            return ("int", ((int)value).ToString(CultureInfo.InvariantCulture));
        }

        if (value >= 0 && value <= uint.MaxValue)
        {
            return ("uint", ((uint)value).ToString(CultureInfo.InvariantCulture) + "U");
        }

        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return ("long", value == long.MinValue ? "long.MinValue" : ((long)value).ToString(CultureInfo.InvariantCulture) + "L");
        }

        return ("ulong", ((ulong)value).ToString(CultureInfo.InvariantCulture) + "UL");
    }

    /// <summary>The name of a union arm's class for a case label: the label itself when it is a name, else <c>Case5</c> / <c>CaseMinus5</c>.</summary>
    public static string CaseName(string labelText, long value)
    {
        if (labelText.Length > 0 && (char.IsLetter(labelText[0]) || labelText[0] == '_'))
        {
            return labelText;
        }

        return value < 0 ? "CaseMinus" + (-value).ToString(CultureInfo.InvariantCulture) : "Case" + value.ToString(CultureInfo.InvariantCulture);
    }
}
