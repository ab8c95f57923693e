namespace MiniRpc.Idl;

/// <summary>
/// A problem found in a <c>.x</c> file, carried as plain data (no Roslyn types) so that the source generator and a
/// command-line tool report it the same way.
/// </summary>
/// <param name="Id">A stable identifier such as <c>MRPC001</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">A sentence a user of the <c>.x</c> file understands.</param>
/// <param name="Location">The file, line and column of the offending token.</param>
public sealed record IdlDiagnostic(string Id, IdlDiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    /// <summary>Formats the diagnostic as compilers print one: <c>msg.x(4,8): error MRPC001: message</c>.</summary>
    /// <returns>The diagnostic as text.</returns>
    public override string ToString() =>
        $"{Location}: {(Severity == IdlDiagnosticSeverity.Error ? "error" : "warning")} {Id}: {Message}";
}
