using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MiniRpc.Generators.Tests.TestSupport;

/// <summary>Runs <see cref="RpcSourceGenerator"/> in a <see cref="CSharpGeneratorDriver"/> on in-memory files.</summary>
internal static class GeneratorHarness
{
    public static GeneratorDriver CreateDriver(IEnumerable<XInput> files, string? rootNamespace = "Tests.Generated", string? projectStrings = null) =>
        CreateDriver(files.Select(Text), files, rootNamespace, projectStrings);

    public static AdditionalText Text(XInput file) => new InMemoryAdditionalText(file.Path, file.Text);

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, IEnumerable<XInput> files, string? rootNamespace = "Tests.Generated", string? projectStrings = null) =>
        CSharpGeneratorDriver.Create(
            [new RpcSourceGenerator().AsSourceGenerator()],
            texts,
            new CSharpParseOptions(LanguageVersion.Latest),
            new OptionsProvider(rootNamespace, projectStrings, files.ToDictionary(f => f.Path, Metadata)),
            new GeneratorDriverOptions(default, trackIncrementalGeneratorSteps: true));

    private static Dictionary<string, string> Metadata(XInput file)
    {
        var metadata = new Dictionary<string, string>();
        if (file.Namespace is not null)
        {
            metadata["build_metadata.AdditionalFiles.MiniRpcNamespace"] = file.Namespace;
        }

        if (file.Strings is not null)
        {
            metadata["build_metadata.AdditionalFiles.MiniRpcStrings"] = file.Strings;
        }

        return metadata;
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    /// <summary>The framework's assemblies and MiniRpc's runtime: what generated code compiles against.</summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(MiniRpc.Xdr.XdrWriter).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath));

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class OptionsProvider(string? rootNamespace, string? projectStrings, Dictionary<string, Dictionary<string, string>> metadata) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(Global(rootNamespace, projectStrings));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(metadata.TryGetValue(textFile.Path, out Dictionary<string, string>? values) ? values : []);
    }

    private static Dictionary<string, string> Global(string? rootNamespace, string? projectStrings)
    {
        var values = new Dictionary<string, string>();
        if (rootNamespace is not null)
        {
            values["build_property.RootNamespace"] = rootNamespace;
        }

        if (projectStrings is not null)
        {
            values["build_property.MiniRpcStrings"] = projectStrings;
        }

        return values;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>A .x file for the harness: its path, text, and optionally its own namespace and MiniRpcStrings setting.</summary>
internal sealed record XInput(string Path, string Text, string? Namespace = null, string? Strings = null);
