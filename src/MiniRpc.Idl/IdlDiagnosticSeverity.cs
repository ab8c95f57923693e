namespace MiniRpc.Idl;

/// <summary>How serious an <see cref="IdlDiagnostic"/> is.</summary>
public enum IdlDiagnosticSeverity
{
    /// <summary>Accepted, but probably not what the author meant.</summary>
    Warning,

    /// <summary>The file cannot be compiled.</summary>
    Error,
}
