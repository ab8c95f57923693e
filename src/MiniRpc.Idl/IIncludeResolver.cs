namespace MiniRpc.Idl;

/// <summary>
/// Reads the file named by an <c>#include</c> line. The caller decides where files come from: the source generator
/// resolves among the project's <c>.x</c> files, a command-line tool may read the disk
/// (<see cref="FileSystemIncludeResolver"/>).
/// </summary>
public interface IIncludeResolver
{
    /// <summary>Finds the file that <c>#include "<paramref name="includeName"/>"</c> names.</summary>
    /// <param name="includingFilePath">The path of the file that holds the <c>#include</c> line.</param>
    /// <param name="includeName">The name between the quotes (or angle brackets), as written.</param>
    /// <returns>The file's path and text, or <see langword="null"/> when there is no such file (reported as MRPC004).</returns>
    IncludedFile? Resolve(string includingFilePath, string includeName);
}
