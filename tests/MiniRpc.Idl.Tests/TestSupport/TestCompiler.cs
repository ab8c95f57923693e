using MiniRpc.Idl.Model;

namespace MiniRpc.Idl.Tests.TestSupport;

/// <summary>Compiles inline .x text for tests.</summary>
internal static class TestCompiler
{
    public const string FileName = "test.x";

    public static IdlCompilation Compile(string text, IIncludeResolver? resolver = null, IdlOptions? options = null) =>
        IdlCompiler.Compile(FileName, text, resolver, options);

    /// <summary>Compiles text that must have no error nor warning, and returns its model.</summary>
    public static IdlSpecification CompileClean(string text)
    {
        IdlCompilation compilation = Compile(text);
        Assert.True(compilation.Diagnostics.IsEmpty, string.Join("\n", compilation.Diagnostics));
        return compilation.Specification;
    }

    public static string Errors(IdlCompilation compilation) =>
        string.Join("\n", compilation.Diagnostics.Where(d => d.Severity == IdlDiagnosticSeverity.Error));
}
