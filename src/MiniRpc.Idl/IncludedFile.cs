namespace MiniRpc.Idl;

/// <summary>A file an <see cref="IIncludeResolver"/> found.</summary>
/// <param name="FilePath">The path diagnostics will name for locations inside the file.</param>
/// <param name="Text">The file's text.</param>
public sealed record IncludedFile(string FilePath, string Text);
