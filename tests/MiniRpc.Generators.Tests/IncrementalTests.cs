using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using MiniRpc.Generators.Tests.TestSupport;

namespace MiniRpc.Generators.Tests;

public class IncrementalTests
{
    private static readonly XInput s_first = new("/p/first.x", "struct first_t { int a; };\nprogram P { version V { int F(first_t) = 1; } = 1; } = 0x20000001;\n");
    private static readonly XInput s_second = new("/p/second.x", "struct second_t { hyper b; };\n");

    [Fact]
    public void EditingCSharp_NeitherReparsesNorReemits()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver([s_first, s_second]);
        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation("class A { }"));

        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation("class A { int x; }"));

        GeneratorRunResult run = Assert.Single(driver.GetRunResult().Results);
        foreach (string step in new[] { TrackingNames.XFiles, TrackingNames.Compile, TrackingNames.Emit })
        {
            Assert.All(run.TrackedSteps[step].SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
    }

    [Fact]
    public void EditingOneX_ReemitsOnlyThatFile()
    {
        AdditionalText first = GeneratorHarness.Text(s_first);
        AdditionalText second = GeneratorHarness.Text(s_second);
        GeneratorDriver driver = GeneratorHarness.CreateDriver([first, second], [s_first, s_second]);
        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation("class A { }"));
        var edited = s_second with { Text = s_second.Text.Replace("hyper b;", "hyper b;\n    int c;", StringComparison.Ordinal) };

        driver = driver.ReplaceAdditionalText(second, GeneratorHarness.Text(edited));
        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation("class A { }"));

        GeneratorRunResult run = Assert.Single(driver.GetRunResult().Results);
        IncrementalStepRunReason[] emits = run.TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(2, emits.Length);
        Assert.Single(emits, IncrementalStepRunReason.Modified);
        Assert.Single(emits, r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        Assert.Contains("int c", run.GeneratedSources.Single(s => s.HintName == "second.x.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PipelineModels_HoldNoRoslynObjects()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver([s_first, s_second]);

        GeneratorRunResult run = Assert.Single(driver.RunGenerators(GeneratorHarness.CreateCompilation("class A { }")).GetRunResult().Results);

        string[] ours = [TrackingNames.XFiles, TrackingNames.AllFiles, TrackingNames.Compile, TrackingNames.Emit];
        Assert.All(ours, name => Assert.True(run.TrackedSteps.ContainsKey(name), name));
        foreach (var step in ours.SelectMany(name => run.TrackedSteps[name]))
        {
            foreach (var (value, _) in step.Outputs)
            {
                AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 40 || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or AdditionalText,
            $"a {value.GetType().Name} in a pipeline model breaks caching");
        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, seen, depth + 1);
            }
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertNoRoslynObjects(property.GetValue(value), seen, depth + 1);
        }
    }
}
