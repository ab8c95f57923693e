using System.IO;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Tests.TestSupport;

namespace MiniRpc.Idl.Tests;

/// <summary>Large public interfaces (see Corpus/README.md) compile, and errors deep inside them land on the right token.</summary>
public sealed class CorpusTests
{
    private static string Nfsv41Path => Path.Combine(RepositoryPaths.CorpusDirectory, "nfsv41.x");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(RepositoryPaths.CorpusDirectory, "*.x").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void CorpusDirectory_Listed_HoldsTheNfsInterfaces()
    {
        Assert.True(File.Exists(Nfsv41Path), Nfsv41Path);
        Assert.NotEmpty(Directory.GetFiles(RepositoryPaths.CorpusDirectory, "*.x"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void CorpusInterface_Compiled_HasNoError(string fileName)
    {
        string path = Path.Combine(RepositoryPaths.CorpusDirectory, fileName);

        IdlCompilation compilation = IdlCompiler.Compile(path, File.ReadAllText(path), new FileSystemIncludeResolver());

        Assert.False(compilation.HasErrors, TestCompiler.Errors(compilation));
        Assert.NotEmpty(compilation.Specification.Programs);
    }

    [Fact]
    public void Nfsv41_Compiled_BindsTheWholeProtocol()
    {
        IdlSpecification specification = IdlCompiler.Compile(Nfsv41Path, File.ReadAllText(Nfsv41Path)).Specification;

        Assert.Equal(new[] { ("NFS4_PROGRAM", 100003u), ("NFS4_CALLBACK", 0x40000000u) }, specification.Programs.Select(p => (p.Name, p.Number)));
        var argop = (IdlUnion)specification.FindType("nfs_argop4")!;
        Assert.Equal(IdlTypeKind.Enum, argop.Discriminant.Type.Kind);
        Assert.Equal(10044, argop.Arms[^1].Labels[0].Value);
        Assert.Equal(18446744073709551615m, specification.FindConstant("NFS4_UINT64_MAX")!.Value);
        var secParms = (IdlUnion)specification.FindType("callback_sec_parms4")!;
        Assert.Equal(new long[] { 0, 1, 6 }, secParms.Arms.Select(a => a.Labels[0].Value));
    }

    [Fact]
    public void Nfsv41_SyntaxErrorsDeepInside_ReportedAtTheirRealLinesAndColumns()
    {
        string[] lines = File.ReadAllLines(Nfsv41Path);
        Assert.Equal("        notify_remove4  nrn_old_entry;", lines[2998]);
        Assert.Equal("        verifier4       nv_old_cookieverf;", lines[3003]);
        lines[2998] = "        notify_remove4  nrn old_entry;";
        lines[3003] = "        verifier4       nv_old_cookieverf";

        IdlCompilation compilation = IdlCompiler.Compile(Nfsv41Path, string.Join("\n", lines));

        IdlDiagnostic[] errors = compilation.Diagnostics.Where(d => d.Severity == IdlDiagnosticSeverity.Error).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.All(errors, e => Assert.Equal("MRPC001", e.Id));
        Assert.Equal(new SourceLocation(Nfsv41Path, 2999, 29), errors[0].Location);
        Assert.Contains("'old_entry'", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(Nfsv41Path, 3005, 9), errors[1].Location);

        // Recovery skipped only the two broken structs: everything after them is still bound.
        Assert.NotNull(compilation.Specification.FindType("CB_COMPOUND4res"));
        Assert.Null(compilation.Specification.FindType("notify_rename4"));
    }

    [Fact]
    public void SeveralIndependentErrors_InOneFile_AreAllReported()
    {
        IdlCompilation compilation = TestCompiler.Compile(
            "struct a { int x };\nconst B = UNDEFINED;\ntypedef int c[-1];\nstruct d { int y; int y; };\nunion e switch (float f) { case 1: int z; };\nconst F = 1 2;\nenum g { H = 1, I = 1 };");

        Assert.Equal(
            new[] { ("MRPC001", 1), ("MRPC001", 6), ("MRPC010", 2), ("MRPC018", 3), ("MRPC026", 4), ("MRPC015", 5), ("MRPC109", 7) },
            compilation.Diagnostics.Select(d => (d.Id, d.Location.Line)));
    }

    [Fact]
    public void Compile_EveryPrefixOfACorpusFile_NeverThrows()
    {
        string text = File.ReadAllText(Nfsv41Path).Substring(0, 20000);

        for (int length = 0; length < text.Length; length += 97)
        {
            IdlCompilation compilation = IdlCompiler.Compile("cut.x", text.Substring(0, length));
            Assert.NotNull(compilation.Specification);
        }
    }
}
