using System;
using Microsoft.CodeAnalysis;

namespace MiniRpc.Generators;

/// <summary>
/// Turns the project's <c>.x</c> files (AdditionalFiles) into C#. For now it only gathers the files: the parser
/// and the emitter arrive with the parser and generator issues, and until then it emits nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RpcSourceGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<string> xFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".x", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, _) => file.Path)
            .WithTrackingName(TrackingNames.XFiles);

        context.RegisterSourceOutput(xFiles, static (_, _) => { });
    }
}
