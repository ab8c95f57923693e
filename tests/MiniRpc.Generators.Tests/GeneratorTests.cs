using System.IO;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using MiniRpc.Generators.Tests.TestSupport;

namespace MiniRpc.Generators.Tests;

public class GeneratorTests
{
    [Theory]
    [InlineData("Inputs/msg.x", "msg.x.g.cs")]
    [InlineData("KitchenSink/kitchensink.x", "kitchensink.x.g.cs")]
    public void Emit_MatchesTheCommittedBaseline(string input, string baseline)
    {
        GeneratorDriverRunResult result = Run(new XInput("/project/" + Path.GetFileName(input), GeneratorHarness.Read(input)));

        GeneratedSourceResult source = Assert.Single(Assert.Single(result.Results).GeneratedSources);
        string text = source.SourceText.ToString();
        string baselinePath = Path.Combine(AppContext.BaseDirectory, "Baselines", baseline);
        if (Environment.GetEnvironmentVariable("MINIRPC_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "Baselines", baseline), text);
        }

        Assert.Equal(baseline, source.HintName);
        Assert.True(File.Exists(baselinePath), $"no baseline {baseline}: run the tests once with MINIRPC_UPDATE_BASELINES=1 and review the file");
        Assert.Equal(File.ReadAllText(baselinePath).ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Emit_CompilesWithoutAnyDiagnostic()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver([new XInput("/p/msg.x", GeneratorHarness.Read("Inputs/msg.x")), new XInput("/p/kitchensink.x", GeneratorHarness.Read("KitchenSink/kitchensink.x"))]);

        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation("class Placeholder { }"), out Compilation output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void XErrors_BecomeCompilerDiagnosticsAtTheirFileLineAndColumn()
    {
        const string text = "program P {\n    version V {\n        int F(undefined_t) = 1;\n    } = 1;\n} = 1;\nstruct s { int a; int a; };\n";

        GeneratorRunResult run = Assert.Single(Run(new XInput("/project/broken.x", text)).Results);

        Assert.Empty(run.GeneratedSources);
        Diagnostic[] errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(errors);
        Diagnostic duplicate = errors.Single(d => d.Id == "MRPC026");
        FileLinePositionSpan where = duplicate.Location.GetLineSpan();
        Assert.Equal("/project/broken.x", where.Path);
        Assert.Equal(5, where.StartLinePosition.Line);
        Assert.Equal(22, where.StartLinePosition.Character);
        Assert.StartsWith("/project/broken.x(6,23): error MRPC026: ", duplicate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxError_IsReportedWhereItIs()
    {
        const string text = "const A = 1;\nstruct s {\n    int a\n    int b;\n};\n";

        GeneratorRunResult run = Assert.Single(Run(new XInput("/project/syntax.x", text)).Results);

        Diagnostic error = Assert.Single(run.Diagnostics, d => d.Id == "MRPC001");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(3, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(4, error.Location.GetLineSpan().StartLinePosition.Character);
    }

    [Fact]
    public void Quadruple_IsRefusedWithItsOwnDiagnostic()
    {
        GeneratorRunResult run = Assert.Single(Run(new XInput("/project/quad.x", "struct q {\n    quadruple big;\n};\n")).Results);

        Diagnostic error = Assert.Single(run.Diagnostics, d => d.Id == "MRPC201");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(1, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void Warnings_AreReportedAndCodeIsStillGenerated()
    {
        GeneratorRunResult run = Assert.Single(Run(new XInput("/project/warn.x", "struct s { int a[0]; };\n")).Results);

        Diagnostic warning = Assert.Single(run.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void Includes_ResolveAmongTheProjectsFilesAndEachTypeIsGeneratedOnce()
    {
        var common = new XInput("/project/common.x", "struct shared_t { int id; };\n", "Common");
        var a = new XInput("/project/a.x", "#include \"common.x\"\nstruct a_t { shared_t s; };\n", "A");
        var b = new XInput("/project/sub/b.x", "#include \"common.x\"\nstruct b_t { shared_t s; };\n", "B");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([common, a, b]);

        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation("class Placeholder { }"), out Compilation output, out _);

        GeneratorRunResult run = Assert.Single(driver.GetRunResult().Results);
        Assert.Empty(run.Diagnostics);
        string all = string.Join("\n", run.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Equal(1, CountOf(all, "public sealed partial class shared_t"));
        Assert.Contains("global::Common.shared_t s", all, StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Namespace_DefaultsToRootNamespaceAndCanBeSetPerFile()
    {
        GeneratorRunResult run = Assert.Single(GeneratorHarness.CreateDriver([new XInput("/p/one.x", "const ONE = 1;"), new XInput("/p/two.x", "const TWO = 2;", "Custom.Place")], rootNamespace: "My.App")
            .RunGenerators(GeneratorHarness.CreateCompilation("class Placeholder { }")).GetRunResult().Results);

        Assert.Contains("namespace My.App", run.GeneratedSources.Single(s => s.HintName == "one.x.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.Contains("namespace Custom.Place", run.GeneratedSources.Single(s => s.HintName == "two.x.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_ThatAreCSharpKeywordsOrClashWithGeneratedMembers_AreEscaped()
    {
        const string text = "struct class { int object; int Equals; int Encode; int params; };\nenum event { lock = 1, base = 2 };\nstruct checked { event namespace; class out; };\n";
        GeneratorDriver driver = GeneratorHarness.CreateDriver([new XInput("/p/keywords.x", text)]);

        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation("class Placeholder { }"), out Compilation output, out _);

        GeneratorRunResult run = Assert.Single(driver.GetRunResult().Results);
        Assert.Empty(run.Diagnostics);
        string generated = run.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public int @object { get; set; }", generated, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class @class", generated, StringComparison.Ordinal);
        Assert.Contains("public int Equals_ { get; set; }", generated, StringComparison.Ordinal);
        Assert.Contains("public enum @event", generated, StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    private static GeneratorDriverRunResult Run(params XInput[] files) =>
        GeneratorHarness.CreateDriver(files).RunGenerators(GeneratorHarness.CreateCompilation("class Placeholder { }")).GetRunResult();

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
