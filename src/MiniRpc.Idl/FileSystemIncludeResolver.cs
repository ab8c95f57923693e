using System.IO;

namespace MiniRpc.Idl;

/// <summary>
/// Resolves an <c>#include</c> against the directory of the including file, then against a list of extra
/// directories, the way <c>cpp -I</c> does. For tools that may read the disk; the source generator does not use it.
/// </summary>
public sealed class FileSystemIncludeResolver : IIncludeResolver
{
    private readonly string[] _searchDirectories;

    /// <summary>Initializes a new instance of the <see cref="FileSystemIncludeResolver"/> class.</summary>
    /// <param name="searchDirectories">Directories searched after the including file's own directory.</param>
    public FileSystemIncludeResolver(params string[] searchDirectories)
    {
        _searchDirectories = searchDirectories ?? new string[0];
    }

    /// <inheritdoc/>
    public IncludedFile? Resolve(string includingFilePath, string includeName)
    {
        string? directory = Path.GetDirectoryName(includingFilePath);
        if (TryRead(string.IsNullOrEmpty(directory) ? includeName : Path.Combine(directory, includeName), out IncludedFile? file))
        {
            return file;
        }

        foreach (string searchDirectory in _searchDirectories)
        {
            if (TryRead(Path.Combine(searchDirectory, includeName), out file))
            {
                return file;
            }
        }

        return null;
    }

    private static bool TryRead(string path, out IncludedFile? file)
    {
        file = null;
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            file = new IncludedFile(path, File.ReadAllText(path));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (System.UnauthorizedAccessException)
        {
            return false;
        }
    }
}
