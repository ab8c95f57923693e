using MiniRpc.Idl.Model;
using MiniRpc.Idl.Tests.TestSupport;

namespace MiniRpc.Idl.Tests;

/// <summary>The language: what each construct binds to.</summary>
public sealed class GrammarTests
{
    [Theory]
    [InlineData("int", IdlTypeKind.Int)]
    [InlineData("unsigned", IdlTypeKind.UnsignedInt)]
    [InlineData("unsigned int", IdlTypeKind.UnsignedInt)]
    [InlineData("hyper", IdlTypeKind.Hyper)]
    [InlineData("unsigned hyper", IdlTypeKind.UnsignedHyper)]
    [InlineData("long", IdlTypeKind.Int)]
    [InlineData("long int", IdlTypeKind.Int)]
    [InlineData("unsigned long", IdlTypeKind.UnsignedInt)]
    [InlineData("short", IdlTypeKind.Short)]
    [InlineData("unsigned short", IdlTypeKind.UnsignedShort)]
    [InlineData("char", IdlTypeKind.Char)]
    [InlineData("unsigned char", IdlTypeKind.UnsignedChar)]
    [InlineData("float", IdlTypeKind.Float)]
    [InlineData("double", IdlTypeKind.Double)]
    [InlineData("quadruple", IdlTypeKind.Quadruple)]
    [InlineData("bool", IdlTypeKind.Bool)]
    [InlineData("u_int", IdlTypeKind.UnsignedInt)]
    [InlineData("u_long", IdlTypeKind.UnsignedInt)]
    [InlineData("u_short", IdlTypeKind.UnsignedShort)]
    [InlineData("u_char", IdlTypeKind.UnsignedChar)]
    [InlineData("int32_t", IdlTypeKind.Int)]
    [InlineData("uint32_t", IdlTypeKind.UnsignedInt)]
    [InlineData("int64_t", IdlTypeKind.Hyper)]
    [InlineData("uint64_t", IdlTypeKind.UnsignedHyper)]
    [InlineData("bool_t", IdlTypeKind.Bool)]
    public void BaseType_Declared_BindsToItsKind(string spelling, IdlTypeKind kind)
    {
        IdlSpecification specification = TestCompiler.CompileClean($"struct s {{ {spelling} value; }};");

        IdlDeclaration member = Assert.Single(((IdlStruct)specification.Types[0]).Members);
        Assert.Equal(kind, member.Type.Kind);
        Assert.Equal(spelling, member.Type.Name);
    }

    [Fact]
    public void Constants_DecimalHexOctalNegativeAndNamed_ResolveToValues()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "const A = 10;\nconst B = 0x1F;\nconst C = 017;\nconst D = -5;\nconst E = A;\nconst F = 0xffffffffffffffff;\nconst G = 0;");

        Assert.Equal(new decimal[] { 10, 31, 15, -5, 10, 18446744073709551615m, 0 }, specification.Constants.Select(c => c.Value));
        Assert.Equal("0x1F", specification.Constants[1].Text);
        Assert.Equal("A", specification.Constants[4].Text);
    }

    [Fact]
    public void Enum_ExplicitImplicitNegativeAndNamedValues_Resolve()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "const BASE = 100;\nenum e { A = -1, B, C = BASE, D, E = 0x10 };");

        IdlEnum enumeration = (IdlEnum)specification.Types[0];
        Assert.Equal(new[] { -1, 0, 100, 101, 16 }, enumeration.Members.Select(m => m.Value));
    }

    [Fact]
    public void Declarations_AllShapes_BindSizesAndKinds()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "const MAX = 16;\nstruct s {\n  int fixed[4];\n  int variable<MAX>;\n  int unbounded<>;\n  opaque data[8];\n  opaque blob<>;\n  string name<255>;\n  string text<>;\n  s *next;\n};");

        IdlDeclaration[] members = ((IdlStruct)specification.Types[0]).Members.ToArray();
        Assert.Equal(
            new[] { IdlDeclarationKind.FixedArray, IdlDeclarationKind.VariableArray, IdlDeclarationKind.VariableArray, IdlDeclarationKind.FixedArray, IdlDeclarationKind.VariableArray, IdlDeclarationKind.VariableArray, IdlDeclarationKind.VariableArray, IdlDeclarationKind.Optional },
            members.Select(m => m.Kind));
        Assert.Equal(new uint?[] { 4, 16, null, 8, null, 255, null, null }, members.Select(m => m.Size));
        Assert.Equal("MAX", members[1].SizeText);
        Assert.Equal(IdlTypeKind.Struct, members[7].Type.Kind);
    }

    [Fact]
    public void Union_SharedLabelsVoidArmsAndDefault_Bind()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "enum kind { A = 1, B = 2, C = 3 };\nunion u switch (kind k) {\ncase A:\ncase B:\n  int number;\ncase C:\n  void;\ndefault:\n  string text<>;\n};");

        var union = (IdlUnion)specification.Types[1];
        Assert.Equal("k", union.Discriminant.Name);
        Assert.Equal(new long[] { 1, 2 }, union.Arms[0].Labels.Select(l => l.Value));
        Assert.Equal("number", union.Arms[0].Declaration!.Name);
        Assert.Null(union.Arms[1].Declaration);
        Assert.Equal("text", union.DefaultArm!.Declaration!.Name);
    }

    [Fact]
    public void Union_BoolDiscriminant_AcceptsTrueAndFalse()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "union maybe switch (bool present) {\ncase TRUE: int value;\ncase FALSE: void;\n};");

        Assert.Equal(new long[] { 1, 0 }, ((IdlUnion)specification.Types[0]).Arms.Select(a => a.Labels[0].Value));
    }

    [Fact]
    public void Union_DiscriminantThroughTypedef_IsAccepted()
    {
        TestCompiler.CompileClean("typedef unsigned int flavor;\nunion u switch (flavor f) {\ncase 1: int a;\n};");
    }

    [Fact]
    public void Program_NewstyleVoidStringAndOptionalArguments_Bind()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "struct point { int x; };\nprogram CALC {\n  version CALCV {\n    void NULLPROC(void) = 0;\n    hyper ADD(hyper, hyper) = 1;\n    string ECHO(string) = 2;\n    int NAMED(int count, point *where) = 3;\n    void NOTHING() = 4;\n    struct point ORIGIN(void) = 5;\n  } = 1;\n} = 0x20000001;");

        IdlProgram program = Assert.Single(specification.Programs);
        Assert.Equal(0x20000001u, program.Number);
        IdlProcedure[] procedures = program.Versions[0].Procedures.ToArray();
        Assert.Empty(procedures[0].Arguments);
        Assert.Equal(IdlTypeKind.Void, procedures[0].Result.Kind);
        Assert.Equal(new[] { "arg1", "arg2" }, procedures[1].Arguments.Select(a => a.Name));
        Assert.Equal(IdlDeclarationKind.VariableArray, procedures[2].Arguments[0].Kind);
        Assert.Equal(IdlTypeKind.String, procedures[2].Result.Kind);
        Assert.Equal(new[] { "count", "where" }, procedures[3].Arguments.Select(a => a.Name));
        Assert.Equal(IdlDeclarationKind.Optional, procedures[3].Arguments[1].Kind);
        Assert.Empty(procedures[4].Arguments);
        Assert.Equal(IdlTypeKind.Struct, procedures[5].Result.Kind);
    }

    [Fact]
    public void ProcedureNames_UsedAsConstants_ResolveToTheirNumbers()
    {
        // rpcb_prot.x: 'const rpcb_highproc_2 = RPCBPROC_CALLIT;' before the program, and a procedure numbered by another's name.
        IdlSpecification specification = TestCompiler.CompileClean(
            "const HIGH = CALLIT;\nprogram P {\n version V3 { void CALLIT(void) = 5; } = 3;\n version V4 { void BCAST(void) = CALLIT; } = 4;\n} = 100000;");

        Assert.Equal(5m, specification.Constants[0].Value);
        Assert.Equal(5u, specification.Programs[0].Versions[1].Procedures[0].Number);
    }

    [Fact]
    public void Identifiers_CSharpKeywordsAndRpcgenHabits_AreAccepted()
    {
        IdlSpecification specification = TestCompiler.CompileClean(
            "struct object { int class; };\ntypedef struct object object;\nconst KEY = \"d4a0ba\";\nstruct holder { object namespace; };");

        Assert.Equal(new[] { "object", "holder" }, specification.Types.Select(t => t.Name));
        Assert.True(specification.Constants[0].IsString);
    }

    [Fact]
    public void PassThroughLines_AnywhereInTheFile_AreKeptInOrder()
    {
        IdlCompilation compilation = TestCompiler.Compile("%#include <stdio.h>\nstruct s {\n%  /* inside */\n  int a;\n};\n%done");

        Assert.Empty(compilation.Diagnostics);
        Assert.Equal(new[] { "#include <stdio.h>", "  /* inside */", "done" }, compilation.Specification.PassThroughLines.Select(p => p.Text));
        Assert.Equal(3, compilation.Specification.PassThroughLines[1].Location.Line);
    }

    [Fact]
    public void PassThroughDefine_UsedAsBound_ResolvesItsValue()
    {
        // nlm_prot.x: '%#define LM_MAXSTRLEN 1024' and '%#define MAXNAMELEN LM_MAXSTRLEN+1'.
        IdlSpecification specification = TestCompiler.CompileClean(
            "%#define LM_MAXSTRLEN\t1024\n%#define MAXNAMELEN\tLM_MAXSTRLEN+1\nstruct s { string name<MAXNAMELEN>; };");

        Assert.Equal(1025u, ((IdlStruct)specification.Types[0]).Members[0].Size);
    }

    [Fact]
    public void Recursion_BrokenByOptionalOrVariableArray_IsAccepted()
    {
        TestCompiler.CompileClean("struct list { int v; list *next; };\nstruct tree { tree children<>; };\nunion u switch (int d) { case 1: u *inner; };");
    }

    [Fact]
    public void Compile_SameTextTwice_GivesEqualModels()
    {
        const string text = "const N = 4;\nenum e { A = 1 };\nstruct s { e kind; opaque id[N]; s *next; };\nunion u switch (e d) { case A: s value; default: void; };\nprogram P { version V { u GET(s) = 1; } = 1; } = 99;";

        IdlCompilation first = TestCompiler.Compile(text);
        IdlCompilation second = TestCompiler.Compile(text);

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, TestCompiler.Compile(text.Replace("N = 4", "N = 5")));
    }
}
