using System.IO;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace MiniRpc.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's own command line. <c>-- --filter '*'</c> runs everything with the default job;
/// <c>-- --filter '*' --job Dry</c> runs each benchmark once, as a smoke test. Reports go to
/// <c>benchmarks/BenchmarkDotNet.Artifacts/</c> (ignored by git) unless <c>--artifacts</c> says otherwise.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        IConfig config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(RepositoryFiles.Root, "benchmarks", "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
