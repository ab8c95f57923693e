using System.Collections.Generic;
using MiniRpc.Idl.Model;

namespace MiniRpc.Idl.Preprocessing;

/// <summary>What the preprocessor hands to the parser: one text, and the way back to the files it came from.</summary>
internal sealed record PreprocessedSource(
    string Text,
    SourceMap Map,
    IReadOnlyList<IdlPassThrough> PassThroughLines,
    IReadOnlyList<string> IncludedFiles);
