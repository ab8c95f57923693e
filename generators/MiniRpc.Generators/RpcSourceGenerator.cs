using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MiniRpc.Generators.Emitter;
using MiniRpc.Idl;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators;

/// <summary>
/// Turns the project's <c>.x</c> files (AdditionalFiles) into C#: types with XDR codecs, client stubs and server
/// bindings. Each file is compiled with <see cref="IdlCompiler"/> (its <c>#include</c>s resolved among the project's
/// <c>.x</c> files) and emitted by <see cref="CSharpEmitter"/>; problems in a <c>.x</c> file are compiler
/// diagnostics at its line and column. Nothing here depends on the C# compilation, so editing C# never re-runs it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RpcSourceGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<AdditionalText> xTexts = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".x", StringComparison.OrdinalIgnoreCase));

        IncrementalValuesProvider<XFile> files = xTexts
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => new XFile(
                pair.Left.Path,
                pair.Left.GetText(cancellationToken)?.ToString() ?? string.Empty,
                NamespaceFor(pair.Left, pair.Right),
                Setting(pair.Left, pair.Right, "MiniRpcStrings")))
            .WithTrackingName(TrackingNames.XFiles);

        IncrementalValueProvider<EquatableArray<XFile>> allFiles = files
            .Collect()
            .Select(static (all, _) => new EquatableArray<XFile>(all.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray()))
            .WithTrackingName(TrackingNames.AllFiles);

        IncrementalValuesProvider<FileModel> models = files
            .Combine(allFiles)
            .Select(static (pair, cancellationToken) => Compile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Compile);

        // The types every file defines, so that a file can use a type it does not include (rpcgen leaves that to C).
        IncrementalValueProvider<EquatableArray<TypeEntry>> typeIndex = models
            .Select(static (model, _) => IndexTypes(model))
            .Collect()
            .Select(static (all, _) => new EquatableArray<TypeEntry>(all.SelectMany(entries => entries).OrderBy(e => e.QualifiedName, StringComparer.Ordinal).ToArray()))
            .WithTrackingName(TrackingNames.TypeIndex);

        IncrementalValuesProvider<GeneratedFile> outputs = models
            .Combine(typeIndex)
            .Select(static (pair, _) => Emit(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Emit);

        context.RegisterSourceOutput(outputs, static (output, file) =>
        {
            foreach (GeneratorDiagnostic diagnostic in file.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (file.Text.Length > 0)
            {
                output.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>
    /// The namespace of a file's types: the file's <c>MiniRpcNamespace</c> item metadata, else the project's
    /// <c>MiniRpcNamespace</c> property, else its <c>RootNamespace</c>, else <c>MiniRpc.Generated</c>.
    /// </summary>
    private static string NamespaceFor(AdditionalText file, AnalyzerConfigOptionsProvider options)
    {
        string? value;
        if ((options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles.MiniRpcNamespace", out value) && !string.IsNullOrWhiteSpace(value))
            || (options.GlobalOptions.TryGetValue("build_property.MiniRpcNamespace", out value) && !string.IsNullOrWhiteSpace(value))
            || (options.GlobalOptions.TryGetValue("build_property.RootNamespace", out value) && !string.IsNullOrWhiteSpace(value)))
        {
            return value!.Trim();
        }

        return "MiniRpc.Generated";
    }

    /// <summary>A setting of one file: its item metadata, else the project's property of that name; null when neither is set.</summary>
    private static string? Setting(AdditionalText file, AnalyzerConfigOptionsProvider options, string name)
    {
        string? value;
        if ((options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles." + name, out value) && !string.IsNullOrWhiteSpace(value))
            || (options.GlobalOptions.TryGetValue("build_property." + name, out value) && !string.IsNullOrWhiteSpace(value)))
        {
            return value!.Trim();
        }

        return null;
    }

    private static FileModel Compile(XFile file, EquatableArray<XFile> allFiles, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var resolver = new ProjectIncludeResolver(allFiles);
        IdlCompilation compilation;
        try
        {
            compilation = IdlCompiler.Compile(file.Path, file.Text, resolver);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The compiler promises diagnostics, not exceptions; should it break that promise, say so where it happened.
            var failure = new IdlDiagnostic("MRPC900", IdlDiagnosticSeverity.Error, $"MiniRpc could not compile this file: {e.GetType().Name}: {e.Message}", new SourceLocation(file.Path, 1, 1));
            return new FileModel(file, null, new EquatableArray<IdlDiagnostic>(new[] { failure }), HintName(file, allFiles), Namespaces(allFiles));
        }

        // Each file reports its own problems; an included file reports its problems when it is compiled itself.
        IdlDiagnostic[] own = compilation.Diagnostics.Where(d => string.Equals(d.Location.FilePath, file.Path, StringComparison.Ordinal)).ToArray();
        return new FileModel(file, compilation.HasErrors ? null : compilation.Specification, new EquatableArray<IdlDiagnostic>(own), HintName(file, allFiles), Namespaces(allFiles));
    }

    private static EquatableArray<TypeEntry> IndexTypes(FileModel model) => model.Specification is null
        ? new EquatableArray<TypeEntry>(Array.Empty<TypeEntry>())
        : new EquatableArray<TypeEntry>(CSharpEmitter.Index(model.Specification, Options(model, new EquatableArray<TypeEntry>(Array.Empty<TypeEntry>()))).ToArray());

    private static EmitOptions Options(FileModel model, EquatableArray<TypeEntry> typeIndex)
    {
        ImmutableDictionary<string, string> namespaces = model.Namespaces.ToImmutableDictionary(p => p.Path, p => p.Namespace, StringComparer.Ordinal);
        string fallback = model.File.Namespace;
        return new EmitOptions(
            path => namespaces.TryGetValue(path, out string? ns) ? ns : fallback,
            name =>
            {
                // Prefer a type of the file's own namespace when several files define the name.
                TypeEntry? found = null;
                foreach (TypeEntry entry in typeIndex)
                {
                    if (string.Equals(entry.Name, name, StringComparison.Ordinal))
                    {
                        if (entry.QualifiedName.StartsWith("global::" + fallback + ".", StringComparison.Ordinal))
                        {
                            return entry;
                        }

                        found ??= entry;
                    }
                }

                return found;
            },
            model.File.StringsAsBytes);
    }

    private static GeneratedFile Emit(FileModel model, EquatableArray<TypeEntry> typeIndex)
    {
        var diagnostics = model.Diagnostics.Select(d => GeneratorDiagnostic.From(d, model.File)).ToList();
        string text = string.Empty;
        if (!model.File.StringsSettingIsValid)
        {
            // Not String or Bytes: an error at the top of the file, and no code that would guess.
            diagnostics.Add(GeneratorDiagnostic.From(
                new IdlDiagnostic(
                    "MRPC202",
                    IdlDiagnosticSeverity.Error,
                    $"MiniRpcStrings is '{model.File.Strings}'; it takes String (XDR strings as System.String, UTF-8) or Bytes (as byte[], the bytes as sent).",
                    new SourceLocation(model.File.Path, 1, 1)),
                model.File));
        }
        else if (model.Specification is not null)
        {
            EmitResult result = CSharpEmitter.Emit(model.Specification, Options(model, typeIndex));
            diagnostics.AddRange(result.Diagnostics.Select(d => GeneratorDiagnostic.From(d, model.File)));
            text = result.Diagnostics.Any(d => d.Severity == IdlDiagnosticSeverity.Error) ? string.Empty : result.Text;
        }

        return new GeneratedFile(model.HintName, text, new EquatableArray<GeneratorDiagnostic>(diagnostics.ToArray()));
    }

    private static string HintName(XFile file, EquatableArray<XFile> allFiles)
    {
        string name = Path.GetFileName(file.Path);
        int sameName = allFiles.Count(f => string.Equals(Path.GetFileName(f.Path), name, StringComparison.OrdinalIgnoreCase));
        string safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
        return sameName > 1 ? $"{safe}.{StableHash(file.Path):x8}.g.cs" : $"{safe}.g.cs";
    }

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static EquatableArray<FileNamespace> Namespaces(EquatableArray<XFile> allFiles) =>
        new(allFiles.Select(f => new FileNamespace(f.Path, f.Namespace)).ToArray());
}
