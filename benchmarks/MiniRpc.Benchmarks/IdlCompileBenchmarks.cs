using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using MiniRpc.Idl;

namespace MiniRpc.Benchmarks;

/// <summary>
/// Issue 3: parsing and binding an NFSv4.1-sized file takes well under 100 ms warm. The file text is read once in
/// setup, so the figures are the compiler's alone (preprocessor, grammar, binder, model).
/// </summary>
[MemoryDiagnoser]
public class IdlCompileBenchmarks
{
    private string _nfsv41 = string.Empty;
    private string _nfsv42 = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _nfsv41 = File.ReadAllText(RepositoryFiles.Corpus("nfsv41.x"));
        _nfsv42 = File.ReadAllText(RepositoryFiles.Corpus("nfsv42.x"));
        Check(Nfsv41_ParseAndBind());
        Check(Nfsv42_ParseAndBind());
    }

    [Benchmark]
    public IdlCompilation Nfsv41_ParseAndBind() => IdlCompiler.Compile("nfsv41.x", _nfsv41);

    [Benchmark]
    public IdlCompilation Nfsv42_ParseAndBind() => IdlCompiler.Compile("nfsv42.x", _nfsv42);

    private static void Check(IdlCompilation compilation)
    {
        if (compilation.HasErrors || compilation.Specification.Programs.IsEmpty)
        {
            throw new InvalidOperationException("The corpus file did not compile cleanly: " + string.Join("; ", compilation.Diagnostics));
        }
    }
}
