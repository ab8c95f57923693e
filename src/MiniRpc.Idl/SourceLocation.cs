namespace MiniRpc.Idl;

/// <summary>A place in a <c>.x</c> file: the file's path and a 1-based line and column.</summary>
/// <param name="FilePath">The path of the file as the caller named it.</param>
/// <param name="Line">The line, counted from 1.</param>
/// <param name="Column">The column, counted from 1.</param>
public sealed record SourceLocation(string FilePath, int Line, int Column)
{
    /// <summary>Formats the location the way compilers do: <c>msg.x(4,8)</c>.</summary>
    /// <returns>The location as text.</returns>
    public override string ToString() => $"{FilePath}({Line},{Column})";
}
