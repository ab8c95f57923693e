using System.IO;
using MiniRpc.Idl.Tests.TestSupport;

namespace MiniRpc.Idl.Tests;

/// <summary>The .x files this machine ships (libc6-dev, libtirpc-dev) and msg.x compile without error.</summary>
public sealed class SystemInterfaceTests
{
    private static readonly string[] s_directories = { "/usr/include/rpcsvc", "/usr/include/tirpc" };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in FindFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void SystemDirectories_Searched_HoldInterfaceFiles()
    {
        List<string> files = FindFiles();

        // A machine without the headers must fail here, not pass the theory below with no cases.
        Assert.Contains(files, f => f.EndsWith("/rpcsvc/nfs_prot.x", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("/rpc/rpcb_prot.x", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("msg.x", StringComparison.Ordinal));
        Assert.True(files.Count >= 10, $"only {files.Count} files found");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SystemInterface_Compiled_HasNoError(string path)
    {
        string text = File.ReadAllText(path);

        IdlCompilation compilation = IdlCompiler.Compile(path, text, new FileSystemIncludeResolver());

        Assert.False(compilation.HasErrors, TestCompiler.Errors(compilation));
        Assert.False(
            compilation.Specification.Types.IsEmpty && compilation.Specification.Programs.IsEmpty,
            "nothing was bound");
    }

    private static List<string> FindFiles()
    {
        var files = new List<string>();
        foreach (string directory in s_directories)
        {
            if (Directory.Exists(directory))
            {
                files.AddRange(Directory.GetFiles(directory, "*.x", SearchOption.AllDirectories));
            }
        }

        files.Sort(StringComparer.Ordinal);
        files.Add(Path.Combine(RepositoryPaths.Root, "msg.x"));
        return files;
    }
}
