namespace MiniRpc.Idl.Syntax;

/// <summary>A position in the preprocessed text: offset, 1-based line and column (mapped back to files by the <c>SourceMap</c>).</summary>
internal readonly record struct TextPosition(int Offset, int Line, int Column);
