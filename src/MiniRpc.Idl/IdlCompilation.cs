using MiniRpc.Idl.Model;

namespace MiniRpc.Idl;

/// <summary>What <see cref="IdlCompiler.Compile"/> returns: the bound model and every diagnostic, as plain data.</summary>
/// <param name="Specification">
/// The bound model. When <see cref="HasErrors"/> is <see langword="true"/> it holds what could be bound (values that
/// failed read as 0) and should not be used to generate code.
/// </param>
/// <param name="Diagnostics">Errors and warnings: preprocessor first, then syntax, then binding, each in file order.</param>
public sealed record IdlCompilation(IdlSpecification Specification, EquatableArray<IdlDiagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether any diagnostic is an error.</summary>
    public bool HasErrors
    {
        get
        {
            foreach (IdlDiagnostic diagnostic in Diagnostics)
            {
                if (diagnostic.Severity == IdlDiagnosticSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
