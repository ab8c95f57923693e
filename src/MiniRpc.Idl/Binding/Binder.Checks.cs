using System;
using System.Collections.Generic;
using System.Linq;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl.Binding;

/// <content>Checks over the whole file: recursive types and names that differ only by case.</content>
internal sealed partial class Binder
{
    /// <summary>
    /// MRPC019: a type that contains itself by value has no finite encoding. Optional data (<c>*</c>) and
    /// variable-length arrays break the chain (their encoding can end); scalars, fixed arrays and typedefs do not.
    /// </summary>
    private void CheckRecursion(IReadOnlyList<IdlTypeDefinition> types)
    {
        var edges = new Dictionary<string, List<IdlDeclaration>>(StringComparer.Ordinal);
        foreach (IdlTypeDefinition type in types)
        {
            var byValue = new List<IdlDeclaration>();
            IEnumerable<IdlDeclaration?> declarations = type switch
            {
                IdlStruct structure => structure.Members,
                IdlUnion union => union.Arms.Select(a => a.Declaration).Append(union.DefaultArm?.Declaration),
                IdlTypedef typedef => new[] { typedef.Declaration },
                _ => Array.Empty<IdlDeclaration>(),
            };

            foreach (IdlDeclaration? declaration in declarations)
            {
                if (declaration is not null
                    && declaration.Kind is IdlDeclarationKind.Scalar or IdlDeclarationKind.FixedArray
                    && declaration.Type.Kind is IdlTypeKind.Struct or IdlTypeKind.Union or IdlTypeKind.Typedef)
                {
                    byValue.Add(declaration);
                }
            }

            edges[type.Name] = byValue;
        }

        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done
        var path = new List<string>();
        foreach (IdlTypeDefinition type in types)
        {
            Visit(type.Name, edges, state, path);
        }
    }

    private void Visit(string name, Dictionary<string, List<IdlDeclaration>> edges, Dictionary<string, bool> state, List<string> path)
    {
        if (state.ContainsKey(name) || !edges.TryGetValue(name, out List<IdlDeclaration>? byValue))
        {
            return;
        }

        state[name] = false;
        path.Add(name);
        foreach (IdlDeclaration declaration in byValue)
        {
            string target = declaration.Type.Name;
            if (state.TryGetValue(target, out bool done) && !done)
            {
                int start = path.IndexOf(target);
                string cycle = string.Join(" -> ", path.Skip(start).Append(target));
                _diagnostics.Add(
                    IdlDiagnosticIds.RecursiveType,
                    declaration.Location,
                    $"Type '{target}' contains itself by value ({cycle}), so it has no finite XDR encoding; make '{declaration.Name}' optional ('*') or a variable-length array ('<>').");
                continue;
            }

            Visit(target, edges, state, path);
        }

        path.RemoveAt(path.Count - 1);
        state[name] = true;
    }

    /// <summary>MRPC102: two types, or two values, whose names differ only by case (generated C# names may collide).</summary>
    private void CheckCaseCollisions(IReadOnlyList<DefinitionSyntax> definitions)
    {
        var types = new Dictionary<string, Symbol>(StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, Symbol>(StringComparer.OrdinalIgnoreCase);
        foreach (DefinitionSyntax definition in definitions)
        {
            IEnumerable<object> declared = definition switch
            {
                EnumDefinitionSyntax enumeration => new object[] { enumeration }.Concat(enumeration.Members),
                _ => new object[] { definition },
            };

            foreach (object syntax in declared)
            {
                Symbol? symbol = DeclaredSymbol(syntax);
                if (symbol is null || symbol.Kind is SymbolKind.Program or SymbolKind.Version or SymbolKind.Procedure)
                {
                    continue;
                }

                Dictionary<string, Symbol> scope = symbol.IsType ? types : values;
                if (scope.TryGetValue(symbol.Name, out Symbol? other) && other.Name != symbol.Name)
                {
                    Report(
                        IdlDiagnosticIds.NamesDifferOnlyByCase,
                        symbol.Position,
                        $"'{symbol.Name}' differs from '{other.Name}' (at {FormatLocation(other.Position)}) only by case; names generated from them may collide.");
                }
                else
                {
                    scope[symbol.Name] = symbol;
                }
            }
        }
    }
}
