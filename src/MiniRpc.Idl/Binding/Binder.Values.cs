using MiniRpc.Idl.Preprocessing;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl.Binding;

/// <content>Constant values: literals, names of constants, enum members, programs, versions and procedures.</content>
internal sealed partial class Binder
{
    /// <summary>Evaluates a value; reports and returns <see langword="null"/> when it cannot be computed.</summary>
    /// <param name="value">The literal or name.</param>
    /// <param name="isVariableBound">
    /// The value is the maximum of a variable-length array: the encoding does not depend on it, so an undefined name
    /// is warning MRPC110 (rpcgen leaves it to the C compiler) rather than error MRPC010.
    /// </param>
    private decimal? EvaluateValue(ValueSyntax value, bool isVariableBound = false)
    {
        if (!value.IsName)
        {
            if (value.Literal is null)
            {
                Report(
                    IdlDiagnosticIds.InvalidIntegerLiteral,
                    value.Position,
                    $"'{value.Text}' is not a valid integer: write a decimal, 0x hexadecimal or 0 octal number between -2^63 and 2^64-1.");
            }

            return value.Literal;
        }

        if (!_symbols.TryGetValue(value.Text, out Symbol? symbol))
        {
            decimal? fromC = ResolvePassThroughMacro(value.Text);
            if (fromC is not null)
            {
                return fromC;
            }

            if (_brokenNames.Contains(value.Text))
            {
                return null;
            }

            if (isVariableBound)
            {
                Report(
                    IdlDiagnosticIds.UndefinedBound,
                    value.Position,
                    $"'{value.Text}' is not defined in this file or its includes (rpcgen leaves it to the C compiler); the array is bound as having no maximum.");
            }
            else
            {
                Report(IdlDiagnosticIds.UndefinedName, value.Position, $"'{value.Text}' is not defined: expected a constant, an enum member or a number.");
            }

            return null;
        }

        if (symbol.Syntax is ConstDefinitionSyntax { Value.IsString: true })
        {
            Report(IdlDiagnosticIds.WrongSymbolKind, value.Position, $"'{value.Text}' is a string constant, not a number.");
            return null;
        }

        if (symbol.IsType)
        {
            Report(IdlDiagnosticIds.WrongSymbolKind, value.Position, $"'{value.Text}' is {Describe(symbol.Kind)}, not a constant.");
            return null;
        }

        if (symbol.State == ResolutionState.Resolving)
        {
            Report(IdlDiagnosticIds.CircularConstant, value.Position, $"'{value.Text}' is defined in terms of itself.");
            symbol.State = ResolutionState.Failed;
            return null;
        }

        return ResolveSymbolValue(symbol);
    }

    /// <summary>
    /// A name that only a <c>%#define NAME value</c> line defines (<c>nlm_prot.x</c>: <c>%#define LM_MAXSTRLEN 1024</c>):
    /// rpcgen's C output sees it, so its value counts when it is an integer expression.
    /// </summary>
    private decimal? ResolvePassThroughMacro(string name)
    {
        if (!_passThroughMacros.ContainsKey(name))
        {
            return null;
        }

        if (_passThroughValues.TryGetValue(name, out decimal? known))
        {
            return known;
        }

        _passThroughValues[name] = null;
        decimal? value = ConditionEvaluator.TryEvaluate(name, _passThroughMacros, LookupForPassThrough, out long result, out _)
            ? result
            : null;
        _passThroughValues[name] = value;
        return value;
    }

    private long? LookupForPassThrough(string name)
    {
        if (!_symbols.TryGetValue(name, out Symbol? symbol) || symbol.IsType || symbol.State == ResolutionState.Resolving)
        {
            return null;
        }

        decimal? value = ResolveSymbolValue(symbol);
        return value is not null && value >= long.MinValue && value <= long.MaxValue ? (long)value.Value : null;
    }

    private decimal? ResolveSymbolValue(Symbol symbol)
    {
        switch (symbol.State)
        {
            case ResolutionState.Resolved:
                return symbol.Value;
            case ResolutionState.Failed:
                return null;
            case ResolutionState.Resolving:
                Report(IdlDiagnosticIds.CircularConstant, symbol.Position, $"'{symbol.Name}' is defined in terms of itself.");
                symbol.State = ResolutionState.Failed;
                return null;
        }

        symbol.State = ResolutionState.Resolving;
        decimal? value = symbol.Syntax switch
        {
            ConstDefinitionSyntax { Value.IsString: true } => null,
            ConstDefinitionSyntax constant => EvaluateValue(constant.Value),
            EnumMemberSyntax { Value: ValueSyntax explicitValue } => EvaluateValue(explicitValue),
            EnumMemberSyntax => symbol.Previous is null ? 0 : ResolveSymbolValue(symbol.Previous) + 1,
            ProgramDefinitionSyntax program => EvaluateValue(program.Number),
            VersionSyntax version => EvaluateValue(version.Number),
            ProcedureSyntax procedure => EvaluateValue(procedure.Number),
            _ => null,
        };

        if (symbol.State == ResolutionState.Failed)
        {
            return null;
        }

        symbol.State = value.HasValue ? ResolutionState.Resolved : ResolutionState.Failed;
        symbol.Value = value;
        return value;
    }

    /// <summary>Evaluates a program, version or procedure number: 0 to 2^32-1 (RFC 5531 §9: unsigned int).</summary>
    private uint EvaluateNumber(Symbol? symbol, ValueSyntax number, string what)
    {
        decimal? value = symbol is null ? EvaluateValue(number) : ResolveSymbolValue(symbol);
        if (value is null)
        {
            return 0;
        }

        if (value < 0 || value > uint.MaxValue)
        {
            Report(IdlDiagnosticIds.ValueOverflow, number.Position, $"{what} {value} is outside the range 0 to 4294967295 of an unsigned int.");
            return 0;
        }

        return (uint)value.Value;
    }
}
