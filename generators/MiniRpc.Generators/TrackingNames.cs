namespace MiniRpc.Generators;

/// <summary>Names of the generator's pipeline steps, so that tests can check each one is cached.</summary>
public static class TrackingNames
{
    /// <summary>The <c>.x</c> files among the AdditionalFiles.</summary>
    public const string XFiles = nameof(XFiles);
}
