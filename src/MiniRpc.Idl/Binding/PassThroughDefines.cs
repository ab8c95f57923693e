using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Preprocessing;

namespace MiniRpc.Idl.Binding;

/// <summary>Reads the object-like <c>#define</c>s that <c>%</c> lines hand to rpcgen's C output.</summary>
internal static class PassThroughDefines
{
    private static readonly Regex s_define = new Regex(
        @"^\s*#\s*define\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\b(?!\()(?<body>.*)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex s_comment = new Regex(@"/\*.*?(\*/|$)|//.*$", RegexOptions.CultureInvariant);

    public static Dictionary<string, Macro> Collect(IReadOnlyList<IdlPassThrough> lines)
    {
        var macros = new Dictionary<string, Macro>(StringComparer.Ordinal);
        foreach (IdlPassThrough line in lines)
        {
            if (line.Text.IndexOf("define", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            Match match = s_define.Match(line.Text);
            if (match.Success)
            {
                string name = match.Groups["name"].Value;
                macros[name] = new Macro(name, s_comment.Replace(match.Groups["body"].Value, " ").Trim());
            }
        }

        return macros;
    }
}
