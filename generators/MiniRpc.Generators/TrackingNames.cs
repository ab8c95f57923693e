namespace MiniRpc.Generators;

/// <summary>Names of the generator's pipeline steps, so that tests can check each one is cached.</summary>
public static class TrackingNames
{
    /// <summary>Each <c>.x</c> file among the AdditionalFiles, with its text and namespace.</summary>
    public const string XFiles = nameof(XFiles);

    /// <summary>All <c>.x</c> files together, for resolving includes.</summary>
    public const string AllFiles = nameof(AllFiles);

    /// <summary>Each file parsed and bound.</summary>
    public const string Compile = nameof(Compile);

    /// <summary>The types every file defines, for files that use them without including them.</summary>
    public const string TypeIndex = nameof(TypeIndex);

    /// <summary>Each file's C# and diagnostics.</summary>
    public const string Emit = nameof(Emit);
}
