using MiniRpc.Idl.Tests.TestSupport;

namespace MiniRpc.Idl.Tests;

/// <summary>Every diagnostic id, with the exact line and column of the offending token.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("MRPC001", "struct s {\n    int a\n};", 3, 1)]
    [InlineData("MRPC002", "const A = 1;\n/* never closed", 2, 1)]
    [InlineData("MRPC003", "#frobnicate\nconst A = 1;", 1, 1)]
    [InlineData("MRPC003", "#define F(x) x\nconst A = 1;", 1, 1)]
    [InlineData("MRPC004", "#include \"missing.x\"\nconst A = 1;", 1, 10)]
    [InlineData("MRPC006", "const A = 1;\n#endif", 2, 1)]
    [InlineData("MRPC006", "#ifdef RPC_HDR\nconst A = 1;", 1, 1)]
    [InlineData("MRPC006", "#if 1\n#else\n#else\n#endif", 3, 1)]
    [InlineData("MRPC007", "#error stop here\nconst A = 1;", 1, 1)]
    [InlineData("MRPC008", "#if 1 +\n#endif\nconst A = 1;", 1, 5)]
    [InlineData("MRPC009", "const A = 0x1ffffffffffffffff;", 1, 11)]
    [InlineData("MRPC009", "const A = 09;", 1, 11)]
    [InlineData("MRPC010", "typedef int a[N];", 1, 15)]
    [InlineData("MRPC010", "enum e { A = B };", 1, 14)]
    [InlineData("MRPC011", "const A = 1;\nconst A = 2;", 2, 7)]
    [InlineData("MRPC011", "struct s { int x; };\nenum s { A = 1 };", 2, 6)]
    [InlineData("MRPC012", "struct s { int x; };\nconst A = s;", 2, 11)]
    [InlineData("MRPC012", "const N = 1;\nstruct s { N x; };", 2, 12)]
    [InlineData("MRPC012", "const S = \"text\";\ntypedef int a[S];", 2, 15)]
    [InlineData("MRPC013", "const A = B;\nconst B = A;", 2, 11)]
    [InlineData("MRPC014", "union u switch (int d) {\ncase 1: int a;\ncase 1: int b;\n};", 3, 6)]
    [InlineData("MRPC015", "union u switch (hyper d) {\ncase 1: int a;\n};", 1, 17)]
    [InlineData("MRPC015", "union u switch (int d[2]) {\ncase 1: int a;\n};", 1, 21)]
    [InlineData("MRPC016", "enum e { A = 1 };\nunion u switch (e d) {\ncase 2: int a;\n};", 3, 6)]
    [InlineData("MRPC016", "enum e { A = 1 };\nenum f { B = 1 };\nunion u switch (e d) {\ncase B: int a;\n};", 4, 6)]
    [InlineData("MRPC016", "union u switch (bool d) {\ncase 2: int a;\n};", 2, 6)]
    [InlineData("MRPC016", "union u switch (unsigned d) {\ncase -1: int a;\n};", 2, 6)]
    [InlineData("MRPC017", "struct node {\n    int v;\n    node next;\n};", 3, 10)]
    [InlineData("MRPC017", "struct a { b inner; };\nstruct b { a outer[2]; };", 2, 14)]
    [InlineData("MRPC018", "typedef int a[-1];", 1, 15)]
    [InlineData("MRPC019", "typedef int a<0x100000000>;", 1, 15)]
    [InlineData("MRPC019", "enum e { A = 0x80000000 };", 1, 14)]
    [InlineData("MRPC019", "program P { version V { void F(void) = 1; } = 1; } = -1;", 1, 54)]
    [InlineData("MRPC020", "program P {\n version V {\n  int F(int) = 1;\n  int F(int) = 2;\n } = 1;\n} = 100;", 4, 7)]
    [InlineData("MRPC021", "program P {\n version V {\n  int F(int) = 1;\n  int G(int) = 1;\n } = 1;\n} = 100;", 4, 16)]
    [InlineData("MRPC022", "program P {\n version V1 { void F(void) = 1; } = 1;\n version V2 { void F(void) = 1; } = 1;\n} = 100;", 3, 37)]
    [InlineData("MRPC023", "program P { version V { void F(void) = 1; } = 1; } = 100;\nprogram Q { version W { void G(void) = 1; } = 1; } = 100;", 2, 54)]
    [InlineData("MRPC024", "struct s { string name; };", 1, 19)]
    [InlineData("MRPC024", "struct s { opaque data; };", 1, 19)]
    [InlineData("MRPC024", "struct s { int *list<>; };", 1, 17)]
    [InlineData("MRPC024", "struct s { void; };", 1, 12)]
    [InlineData("MRPC025", "program P { version V { void F(opaque) = 1; } = 1; } = 1;", 1, 32)]
    [InlineData("MRPC025", "program P { version V { void F(int, void) = 1; } = 1; } = 1;", 1, 37)]
    [InlineData("MRPC025", "typedef int list<>;\nprogram P { version V { void F(int x<>) = 1; } = 1; } = 1;", 2, 32)]
    [InlineData("MRPC026", "struct s { int a; int a; };", 1, 23)]
    [InlineData("MRPC026", "union u switch (int d) { case 1: int a; default: int a; };", 1, 54)]
    [InlineData("MRPC101", "struct s { foo x; };", 1, 12)]
    [InlineData("MRPC102", "struct abc { int x; };\nstruct ABC { int y; };", 2, 8)]
    [InlineData("MRPC103", "program P { version V { int NULLPROC(void) = 0; } = 1; } = 1;", 1, 29)]
    [InlineData("MRPC104", "program P {\n version V1 { void F(void) = 1; } = 1;\n version V2 { void F(void) = 2; } = 2;\n} = 100;", 3, 20)]
    [InlineData("MRPC105", "typedef opaque a[0];", 1, 18)]
    [InlineData("MRPC106", "enum color { RED = 0 };\nstruct s { struct color c; };", 2, 12)]
    [InlineData("MRPC107", "#define A 1\n#define A 2\nconst X = A;", 2, 1)]
    [InlineData("MRPC108", "#warning look here\nconst A = 1;", 1, 1)]
    [InlineData("MRPC109", "enum e { A = 1, B = 1 };", 1, 21)]
    [InlineData("MRPC110", "typedef string s<MAXLEN>;", 1, 18)]
    public void Diagnostic_OffendingToken_ReportedWithIdLineAndColumn(string id, string text, int line, int column)
    {
        IdlCompilation compilation = TestCompiler.Compile(text);

        IdlDiagnostic diagnostic = Assert.Single(compilation.Diagnostics, d => d.Id == id);
        Assert.Equal(new SourceLocation(TestCompiler.FileName, line, column), diagnostic.Location);
        Assert.Equal(id.StartsWith("MRPC1", StringComparison.Ordinal) ? IdlDiagnosticSeverity.Warning : IdlDiagnosticSeverity.Error, diagnostic.Severity);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
    }

    [Fact]
    public void ProgramNumber_SplitOverDefinitionsWithDistinctVersions_IsAcceptedAsRpcgenDoes()
    {
        IdlCompilation compilation = TestCompiler.Compile(
            "program NFS_PROGRAM { version NFS_VERSION { void NFSPROC_NULL(void) = 0; } = 2; } = 100003;\n" +
            "program NFS3_PROGRAM { version NFS_V3 { void NFSPROC3_NULL(void) = 0; } = 3; } = 100003;");

        Assert.Empty(compilation.Diagnostics);
        Assert.Equal(new[] { 2u, 3u }, compilation.Specification.Programs.Select(p => p.Versions[0].Number));
    }

    [Fact]
    public void ProgramNumber_SameVersionInTwoDefinitions_ReportedOnceAtTheSecondNumber()
    {
        IdlCompilation compilation = TestCompiler.Compile(
            "program P { version V1 { void F(void) = 1; } = 1; version V2 { void F(void) = 1; } = 2; } = 100;\n" +
            "program Q { version W2 { void G(void) = 1; } = 2; version W3 { void G(void) = 1; } = 3; } = 100;");

        IdlDiagnostic error = Assert.Single(compilation.Diagnostics, d => d.Severity == IdlDiagnosticSeverity.Error);
        Assert.Equal("MRPC023", error.Id);
        Assert.Equal(new SourceLocation(TestCompiler.FileName, 2, 93), error.Location);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncludeCycle_FileIncludesItself_ReportsMrpc005InTheIncludedFile()
    {
        var resolver = new InMemoryIncludeResolver(new Dictionary<string, string> { ["a.x"] = "const A = 1;\n#include \"a.x\"\n" });

        IdlCompilation compilation = TestCompiler.Compile("#include \"a.x\"\n", resolver);

        IdlDiagnostic diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("MRPC005", diagnostic.Id);
        Assert.Equal(new SourceLocation("a.x", 2, 10), diagnostic.Location);
    }

    [Fact]
    public void EveryDiagnosticId_Declared_IsCoveredByATest()
    {
        string[] declared = typeof(IdlDiagnosticIds).GetFields()
            .Select(f => (string)f.GetValue(null)!)
            .ToArray();
        var covered = new HashSet<string>(
            typeof(DiagnosticTests).GetMethod(nameof(Diagnostic_OffendingToken_ReportedWithIdLineAndColumn))!
                .GetCustomAttributes(typeof(InlineDataAttribute), false)
                .Cast<InlineDataAttribute>()
                .Select(a => (string)a.GetData(null!).First()[0]))
        {
            "MRPC005",
        };

        Assert.All(declared, id => Assert.Contains(id, covered));
    }

    [Fact]
    public void ToString_Error_FormatsLikeACompiler()
    {
        IdlCompilation compilation = TestCompiler.Compile("const A = B;");

        Assert.Equal("test.x(1,11): error MRPC010: 'B' is not defined: expected a constant, an enum member or a number.", compilation.Diagnostics[0].ToString());
    }
}
