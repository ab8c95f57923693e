using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using MiniRpc.Idl;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators;

/// <summary>
/// A <c>.x</c> file of the project: path, text, the namespace its types go to and its <c>MiniRpcStrings</c> setting
/// (null when unset). Plain data, for caching.
/// </summary>
internal sealed record XFile(string Path, string Text, string Namespace, string? Strings = null)
{
    /// <summary>Whether XDR strings are <c>byte[]</c>: <c>MiniRpcStrings</c> is <c>Bytes</c>.</summary>
    public bool StringsAsBytes => string.Equals(Strings, "Bytes", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <c>MiniRpcStrings</c> is unset, <c>String</c> or <c>Bytes</c>.</summary>
    public bool StringsSettingIsValid => Strings is null || StringsAsBytes || string.Equals(Strings, "String", System.StringComparison.OrdinalIgnoreCase);
}

/// <summary>Which namespace a file's types live in, for references across files.</summary>
internal sealed record FileNamespace(string Path, string Namespace);

/// <summary>A compiled file: its bound model (null when it has errors) and its own diagnostics.</summary>
internal sealed record FileModel(
    XFile File,
    IdlSpecification? Specification,
    EquatableArray<IdlDiagnostic> Diagnostics,
    string HintName,
    EquatableArray<FileNamespace> Namespaces);

/// <summary>What the generator adds for one file: source text (empty when nothing) and diagnostics.</summary>
internal sealed record GeneratedFile(string HintName, string Text, EquatableArray<GeneratorDiagnostic> Diagnostics);

/// <summary>A diagnostic as plain data, with the offset of its line and column in the file for the IDE.</summary>
internal sealed record GeneratorDiagnostic(string Id, IdlDiagnosticSeverity Severity, string Message, string Path, int Line, int Column, int Offset)
{
    private static readonly Dictionary<string, DiagnosticDescriptor> s_descriptors = new();

    public static GeneratorDiagnostic From(IdlDiagnostic diagnostic, XFile file)
    {
        SourceLocation location = diagnostic.Location;
        int offset = 0;
        if (string.Equals(location.FilePath, file.Path, System.StringComparison.Ordinal))
        {
            int line = 1;
            for (int i = 0; i < file.Text.Length && line < location.Line; i++)
            {
                if (file.Text[i] == '\n')
                {
                    line++;
                    offset = i + 1;
                }
            }

            offset = System.Math.Min(file.Text.Length, offset + System.Math.Max(0, location.Column - 1));
        }

        return new GeneratorDiagnostic(diagnostic.Id, diagnostic.Severity, diagnostic.Message, location.FilePath, location.Line, location.Column, offset);
    }

    public Diagnostic ToDiagnostic()
    {
        var position = new LinePosition(System.Math.Max(0, Line - 1), System.Math.Max(0, Column - 1));
        Location location = Location.Create(Path, new TextSpan(Offset, 0), new LinePositionSpan(position, position));
        return Diagnostic.Create(Descriptor(Id, Severity), location, Message);
    }

    private static DiagnosticDescriptor Descriptor(string id, IdlDiagnosticSeverity severity)
    {
        lock (s_descriptors)
        {
            string key = id + severity;
            if (!s_descriptors.TryGetValue(key, out DiagnosticDescriptor? descriptor))
            {
                descriptor = new DiagnosticDescriptor(
                    id,
                    title: "RPC language (.x) problem",
                    messageFormat: "{0}",
                    category: "MiniRpc",
                    defaultSeverity: severity == IdlDiagnosticSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                    isEnabledByDefault: true);
                s_descriptors[key] = descriptor;
            }

            return descriptor;
        }
    }
}
