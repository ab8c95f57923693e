namespace MiniRpc.Idl.Model;

/// <summary>
/// A line that starts with <c>%</c>: rpcgen copies the rest of it into its C output. MiniRpc keeps it, in source
/// order, and never parses it.
/// </summary>
/// <param name="Text">The line without its leading <c>%</c>.</param>
/// <param name="Location">Where the line is (column 1 is the <c>%</c>).</param>
public sealed record IdlPassThrough(string Text, SourceLocation Location);
