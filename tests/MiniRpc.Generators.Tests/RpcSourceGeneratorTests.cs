using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace MiniRpc.Generators.Tests;

public class RpcSourceGeneratorTests
{
    [Fact]
    public void Generator_OnMsgX_RunsWithoutExceptionOrDiagnostic()
    {
        GeneratorDriver driver = CreateDriver(new InMemoryAdditionalText("msg.x", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "msg.x"))));

        GeneratorDriverRunResult result = driver.RunGenerators(CreateCompilation("class A { }")).GetRunResult();

        GeneratorRunResult run = Assert.Single(result.Results);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        IncrementalGeneratorRunStep step = Assert.Single(run.TrackedSteps[TrackingNames.XFiles]);
        Assert.EndsWith("msg.x", step.Outputs.Single().Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_IgnoresAdditionalFilesThatAreNotX()
    {
        GeneratorDriver driver = CreateDriver(new InMemoryAdditionalText("notes.txt", "program X {}"));

        GeneratorRunResult run = driver.RunGenerators(CreateCompilation("class A { }")).GetRunResult().Results.Single();

        Assert.False(run.TrackedSteps.TryGetValue(TrackingNames.XFiles, out ImmutableArray<IncrementalGeneratorRunStep> steps) && steps.Any(s => s.Outputs.Any()));
    }

    [Fact]
    public void Generator_EditingACsFile_LeavesTheXFileStepCached()
    {
        GeneratorDriver driver = CreateDriver(new InMemoryAdditionalText("msg.x", "program P { version V { void NULLPROC(void) = 0; } = 1; } = 1;"));
        driver = driver.RunGenerators(CreateCompilation("class A { }"));

        driver = driver.RunGenerators(CreateCompilation("class A { int x; }"));

        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.All(
            run.TrackedSteps[TrackingNames.XFiles].SelectMany(step => step.Outputs),
            output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    private static GeneratorDriver CreateDriver(params AdditionalText[] files) =>
        CSharpGeneratorDriver.Create(
            [new RpcSourceGenerator().AsSourceGenerator()],
            files,
            new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: null,
            driverOptions: new GeneratorDriverOptions(default, trackIncrementalGeneratorSteps: true));

    private static CSharpCompilation CreateCompilation(string source) =>
        CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
