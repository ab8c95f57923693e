using System;
using System.IO;
using MiniRpc.Idl;

namespace MiniRpc.Generators;

/// <summary>
/// Resolves <c>#include "other.x"</c> among the project's <c>.x</c> files (a generator may not read the disk):
/// first relative to the including file's folder, then by file name anywhere in the project.
/// </summary>
internal sealed class ProjectIncludeResolver(EquatableArray<XFile> files) : IIncludeResolver
{
    public IncludedFile? Resolve(string includingFilePath, string includeName)
    {
        string wanted = Normalize(Path.Combine(Path.GetDirectoryName(includingFilePath) ?? string.Empty, includeName));
        foreach (XFile file in files)
        {
            if (string.Equals(Normalize(file.Path), wanted, StringComparison.Ordinal))
            {
                return new IncludedFile(file.Path, file.Text);
            }
        }

        string name = Path.GetFileName(includeName);
        foreach (XFile file in files)
        {
            if (string.Equals(Path.GetFileName(file.Path), name, StringComparison.Ordinal))
            {
                return new IncludedFile(file.Path, file.Text);
            }
        }

        return null;
    }

    private static string Normalize(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }
}
