using MiniRpc.Idl.Model;
using MiniRpc.Idl.Tests.TestSupport;

namespace MiniRpc.Idl.Tests;

/// <summary>What cpp does for rpcgen: conditionals, defines, includes, comments, and locations that survive them.</summary>
public sealed class PreprocessorTests
{
    [Fact]
    public void Conditionals_DefaultSymbols_ReadTheRpcHdrView()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "#ifdef RPC_HDR\nconst IN_HDR = 1;\n#endif\n#ifndef RPC_HDR\nconst NOT_HDR = 1;\n#endif\n#ifdef RPC_XDR\nconst IN_XDR = 1;\n#else\nconst ELSE_XDR = 1;\n#endif");

        Assert.Equal(new[] { "IN_HDR", "ELSE_XDR" }, specification.Constants.Select(c => c.Name));
    }

    [Fact]
    public void Conditionals_DefinesOption_ReplacesThePredefinedSymbols()
    {
        var options = IdlOptions.Default with { Defines = new EquatableArray<string>(new[] { "RPC_XDR", "LEVEL=3" }) };

        IdlCompilation compilation = TestCompiler.Compile(
            "#ifdef RPC_HDR\nconst A = 1;\n#elif defined(RPC_XDR) && LEVEL > 2\nconst B = LEVEL;\n#endif",
            options: options);

        IdlConstant constant = Assert.Single(compilation.Specification.Constants);
        Assert.Equal("B", constant.Name);
        Assert.Equal(3m, constant.Value);
    }

    [Fact]
    public void If_ExpressionsWithUndefinedNames_ReadAsZero()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "#if RPC_HDR && !UNKNOWN && (2 * 3 == 6) && (1 ? 0x10 : 0) >> 4\nconst A = 1;\n#endif\n#if UNKNOWN\nconst B = 1;\n#endif");

        Assert.Equal("A", Assert.Single(specification.Constants).Name);
    }

    [Fact]
    public void Define_UsedInDefinitions_IsSubstitutedAndColumnsStayOnTheSource()
    {
        IdlCompilation compilation = TestCompiler.Compile("#define SIZE 16\ntypedef opaque block[SIZE];\ntypedef int bad[SIZE]; const X = UNDEFINED;");

        Assert.Equal(16u, ((IdlTypedef)compilation.Specification.Types[0]).Declaration.Size);
        IdlDiagnostic diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal(new SourceLocation(TestCompiler.FileName, 3, 34), diagnostic.Location);
    }

    [Fact]
    public void Include_ThroughResolver_ReadsTheFileAndReportsItsOwnLines()
    {
        var resolver = new InMemoryIncludeResolver(new Dictionary<string, string>
        {
            ["types.x"] = "/* shared */\nconst SIZE = 8;\n\nstruct s { undefined_t x; };\n",
        });

        IdlCompilation compilation = TestCompiler.Compile("const BEFORE = 1;\n#include \"types.x\"\ntypedef opaque id[SIZE];\nconst AFTER = NOPE;", resolver);

        Assert.Equal(("test.x", "types.x"), resolver.Requests.Single());
        Assert.Equal(new[] { "BEFORE", "SIZE", "AFTER" }, compilation.Specification.Constants.Select(c => c.Name));
        Assert.Equal(new[] { "types.x" }, compilation.Specification.IncludedFiles);
        Assert.Equal(new SourceLocation("types.x", 4, 12), compilation.Diagnostics.Single(d => d.Id == "MRPC101").Location);
        Assert.Equal(new SourceLocation("test.x", 4, 15), compilation.Diagnostics.Single(d => d.Id == "MRPC010").Location);
    }

    [Fact]
    public void Comments_BlockLineAndDirectivesInside_AreIgnored()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "/* a comment\n#error not a directive inside a comment\n*/ const A = 1; // trailing\nconst /* inline */ B = 2;\n%/* a pass-through comment");

        Assert.Equal(new[] { "A", "B" }, specification.Constants.Select(c => c.Name));
    }

    [Fact]
    public void PassThroughLine_EndingInBackslash_IsSplicedWithTheNext()
    {
        IdlCompilation compilation = TestCompiler.Compile("%#define BIG (1 +\\\n\t\t\t 2)\nconst A = 1;");

        Assert.Empty(compilation.Diagnostics);
        Assert.Equal("#define BIG (1 +\t\t\t 2)", Assert.Single(compilation.Specification.PassThroughLines).Text);
    }

    [Fact]
    public void LineEndings_CarriageReturns_DoNotMoveLocations()
    {
        IdlCompilation compilation = TestCompiler.Compile("const A = 1;\r\n\r\nconst B = C;\r\n");

        Assert.Equal(new SourceLocation(TestCompiler.FileName, 3, 11), Assert.Single(compilation.Diagnostics).Location);
    }
}
