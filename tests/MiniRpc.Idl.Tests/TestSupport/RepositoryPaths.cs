using System.IO;

namespace MiniRpc.Idl.Tests.TestSupport;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            string? directory = System.AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "MiniRpc.sln")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new DirectoryNotFoundException("MiniRpc.sln not found above " + System.AppContext.BaseDirectory);
        }
    }

    public static string CorpusDirectory => Path.Combine(Root, "tests", "MiniRpc.Idl.Tests", "Corpus");
}
