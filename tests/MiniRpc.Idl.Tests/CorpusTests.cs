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
        string[] files = Directory.GetFiles(RepositoryPaths.CorpusDirectory, "*.x").Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        Assert.Equal(new[] { "nfs3_prot.x", "nfs4_prot.x", "nfs_prot.x", "nfsv41.x", "nfsv42.x" }, files);
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

    [Theory]
    [InlineData("nfs3_prot.x", "NFS_PROGRAM", 100003u, 3u, 21)]
    [InlineData("nfs4_prot.x", "NFS4_PROGRAM", 100003u, 4u, 1)]
    [InlineData("nfs_prot.x", "NFS_PROGRAM", 100003u, 2u, 17)]
    [InlineData("nfsv41.x", "NFS4_PROGRAM", 100003u, 4u, 1)]
    [InlineData("nfsv42.x", "NFS4_PROGRAM", 100003u, 4u, 1)]
    public void CorpusInterface_Compiled_BindsItsMainProgram(string fileName, string program, uint number, uint version, int lastProcedure)
    {
        IdlSpecification specification = CompileCorpusFile(fileName).Specification;

        IdlProgram bound = Assert.Single(specification.Programs, p => p.Name == program);
        Assert.Equal(number, bound.Number);
        IdlVersion boundVersion = Assert.Single(bound.Versions);
        Assert.Equal(version, boundVersion.Number);
        Assert.Equal((uint)lastProcedure, boundVersion.Procedures[^1].Number);
    }

    [Fact]
    public void Nfsv40_Compiled_HasTheRfc7531Operations()
    {
        IdlSpecification specification = CompileCorpusFile("nfs4_prot.x").Specification;

        Assert.Equal(new[] { ("NFS4_PROGRAM", 100003u), ("NFS4_CALLBACK", 0x40000000u) }, specification.Programs.Select(p => (p.Name, p.Number)));
        var argop = (IdlUnion)specification.FindType("nfs_argop4")!;
        Assert.Equal(38, argop.Arms.Count);
        Assert.Null(specification.FindType("SEQUENCE4args"));
    }

    [Fact]
    public void Nfsv42_Compiled_HasTheRfc7862Operations()
    {
        IdlCompilation compilation = CompileCorpusFile("nfsv42.x");
        IdlSpecification specification = compilation.Specification;

        var opnum = (IdlEnum)specification.FindType("nfs_opnum4")!;
        Assert.Equal(71, opnum.Members.Single(m => m.Name == "OP_CLONE").Value);
        Assert.NotNull(specification.FindType("READ_PLUS4res"));
        var status = (IdlEnum)specification.FindType("nfsstat4")!;
        Assert.Equal(10094, status.Members[^1].Value);
        Assert.Contains(compilation.Diagnostics, d => d.Id == IdlDiagnosticIds.UndefinedType && d.Message.Contains("authsys_parms", StringComparison.Ordinal));
    }

    [Fact]
    public void FreeBsdNfsProt_CompiledWithWantNfs3_BindsVersion2And3UnderOneProgramNumber()
    {
        string path = Path.Combine(RepositoryPaths.CorpusDirectory, "nfs_prot.x");
        var options = new IdlOptions { Defines = new EquatableArray<string>(new[] { "RPC_HDR", "WANT_NFS3" }) };

        IdlCompilation compilation = IdlCompiler.Compile(path, File.ReadAllText(path), new FileSystemIncludeResolver(), options);

        Assert.False(compilation.HasErrors, TestCompiler.Errors(compilation));
        Assert.Equal(
            new[] { ("NFS_PROGRAM", 100003u, 2u), ("NFS3_PROGRAM", 100003u, 3u) },
            compilation.Specification.Programs.Select(p => (p.Name, p.Number, p.Versions.Single().Number)));
        Assert.Equal(21u, compilation.Specification.Programs[1].Versions[0].Procedures[^1].Number);
    }

    [Fact]
    public void CownfsNfs3Prot_ObjectLikeMacrosForTrueAndFalse_SubstituteIntoCaseLabels()
    {
        IdlSpecification specification = CompileCorpusFile("nfs3_prot.x").Specification;

        var postOpAttr = (IdlUnion)specification.FindType("post_op_attr")!;
        Assert.Equal(new long[] { 1, 0 }, postOpAttr.Arms.Select(a => a.Labels[0].Value));
        var wccstat = (IdlUnion)specification.FindType("wccstat3")!;
        Assert.Equal(-1, wccstat.Arms[0].Labels[0].Value);
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

    private static IdlCompilation CompileCorpusFile(string fileName)
    {
        string path = Path.Combine(RepositoryPaths.CorpusDirectory, fileName);
        return IdlCompiler.Compile(path, File.ReadAllText(path), new FileSystemIncludeResolver());
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
