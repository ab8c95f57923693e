namespace MiniRpc.Idl.Tests.TestSupport;

/// <summary>Resolves includes from a dictionary of file name to text, like the generator will among a project's .x files.</summary>
internal sealed class InMemoryIncludeResolver : IIncludeResolver
{
    private readonly Dictionary<string, string> _files;

    public InMemoryIncludeResolver(Dictionary<string, string> files)
    {
        _files = files;
    }

    public List<(string IncludingFile, string Name)> Requests { get; } = new();

    public IncludedFile? Resolve(string includingFilePath, string includeName)
    {
        Requests.Add((includingFilePath, includeName));
        return _files.TryGetValue(includeName, out string? text) ? new IncludedFile(includeName, text) : null;
    }
}
