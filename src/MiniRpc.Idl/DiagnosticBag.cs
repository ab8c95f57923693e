using System.Collections.Generic;

namespace MiniRpc.Idl;

/// <summary>Collects the diagnostics of one compilation; the severity follows from the id (<c>MRPC1nn</c> are warnings).</summary>
internal sealed class DiagnosticBag
{
    private readonly List<IdlDiagnostic> _items = new List<IdlDiagnostic>();

    public IReadOnlyList<IdlDiagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Add(string id, SourceLocation location, string message)
    {
        IdlDiagnosticSeverity severity = id.StartsWith("MRPC1", System.StringComparison.Ordinal)
            ? IdlDiagnosticSeverity.Warning
            : IdlDiagnosticSeverity.Error;
        HasErrors |= severity == IdlDiagnosticSeverity.Error;
        _items.Add(new IdlDiagnostic(id, severity, message, location));
    }
}
