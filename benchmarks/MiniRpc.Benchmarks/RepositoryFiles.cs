using System;
using System.IO;

namespace MiniRpc.Benchmarks;

/// <summary>Finds files of the repository; BenchmarkDotNet runs each benchmark from a generated project below bin/.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "MiniRpc.sln")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new DirectoryNotFoundException("MiniRpc.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Corpus(string fileName) => Path.Combine(Root, "tests", "MiniRpc.Idl.Tests", "Corpus", fileName);
}
