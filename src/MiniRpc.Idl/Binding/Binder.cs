using System;
using System.Collections.Generic;
using System.Linq;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Preprocessing;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl.Binding;

/// <summary>
/// Turns the syntax of a file into the bound model: names resolved to definitions, values to numbers, every rule of
/// the language checked. Each problem is reported once, at the token that causes it, and binding goes on so that
/// independent problems are all reported.
/// </summary>
/// <remarks>
/// Names are collected first and values computed on demand, so a definition may use a name defined further down
/// (rpcgen emits C macros, which allows it; <c>rpcb_prot.x</c> uses a procedure name before its program).
/// </remarks>
internal sealed partial class Binder
{
    private static readonly (string Name, int Value)[] s_predefinedConstants =
    {
        ("FALSE", 0),
        ("TRUE", 1),
        ("AUTH_NONE", 0),
        ("AUTH_NULL", 0),
        ("AUTH_SYS", 1),
        ("AUTH_UNIX", 1),
        ("AUTH_SHORT", 2),
        ("AUTH_DH", 3),
        ("AUTH_DES", 3),
        ("RPCSEC_GSS", 6),
    };

    private readonly SourceMap _map;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<string> _brokenNames;
    private readonly Dictionary<string, Symbol> _symbols = new Dictionary<string, Symbol>(StringComparer.Ordinal);
    private readonly Dictionary<object, Symbol> _symbolBySyntax = new Dictionary<object, Symbol>();
    private readonly Dictionary<object, IdlTypeDefinition?> _boundTypes = new Dictionary<object, IdlTypeDefinition?>();
    private readonly HashSet<object> _selfNamedTypedefs = new HashSet<object>();
    private readonly HashSet<string> _reportedExternalTypes = new HashSet<string>(StringComparer.Ordinal);
    private readonly Dictionary<string, Macro> _passThroughMacros;
    private readonly Dictionary<string, decimal?> _passThroughValues = new Dictionary<string, decimal?>(StringComparer.Ordinal);

    private Binder(SourceMap map, DiagnosticBag diagnostics, HashSet<string> brokenNames, IReadOnlyList<IdlPassThrough> passThroughLines)
    {
        _map = map;
        _diagnostics = diagnostics;
        _brokenNames = brokenNames;
        _passThroughMacros = PassThroughDefines.Collect(passThroughLines);
    }

    public static IdlSpecification Bind(string filePath, SpecificationSyntax syntax, PreprocessedSource source, DiagnosticBag diagnostics)
    {
        var binder = new Binder(source.Map, diagnostics, syntax.BrokenNames, source.PassThroughLines);
        binder.DeclarePredefined();
        foreach (DefinitionSyntax definition in syntax.Definitions)
        {
            binder.Declare(definition);
        }

        var constants = new List<IdlConstant>();
        var types = new List<IdlTypeDefinition>();
        var programs = new List<IdlProgram>();
        foreach (DefinitionSyntax definition in syntax.Definitions)
        {
            switch (definition)
            {
                case ConstDefinitionSyntax constant:
                    if (binder.DeclaredSymbol(constant) is Symbol symbol)
                    {
                        decimal? value = constant.Value.IsString ? 0 : binder.ResolveSymbolValue(symbol);
                        constants.Add(new IdlConstant(constant.Name.Name, value ?? 0, constant.Value.Text, binder.Locate(constant.Name.Position)));
                    }

                    break;

                case ProgramDefinitionSyntax program:
                    IdlProgram? boundProgram = binder.BindProgram(program);
                    if (boundProgram is not null)
                    {
                        programs.Add(boundProgram);
                    }

                    break;

                default:
                    IdlTypeDefinition? type = binder.BindType(definition);
                    if (type is not null)
                    {
                        types.Add(type);
                    }

                    break;
            }
        }

        binder.CheckProgramNumbers(syntax.Definitions.OfType<ProgramDefinitionSyntax>().ToList(), programs);
        binder.CheckAliases();
        binder.CheckRecursion(types);
        binder.CheckCaseCollisions(syntax.Definitions);

        return new IdlSpecification(
            filePath,
            new EquatableArray<IdlConstant>(constants),
            new EquatableArray<IdlTypeDefinition>(types),
            new EquatableArray<IdlProgram>(programs),
            new EquatableArray<IdlPassThrough>(source.PassThroughLines),
            new EquatableArray<string>(source.IncludedFiles));
    }

    private SourceLocation Locate(TextPosition position) => _map.Map(position.Line, position.Column);

    private void Report(string id, TextPosition position, string message) => _diagnostics.Add(id, Locate(position), message);

    private void DeclarePredefined()
    {
        // RFC 4506 §4.4: bool is enum { FALSE = 0, TRUE = 1 }; rpcgen's C sees TRUE and FALSE as macros. RFC 5531
        // §8.2 (enum auth_flavor) names the flavors that NFSv4.1's callback_sec_parms4 uses as case labels; rpcgen's
        // C sees them from <rpc/auth.h>. A file's own definition of any of these names replaces it.
        foreach ((string name, int value) in s_predefinedConstants)
        {
            var symbol = new Symbol(name, SymbolKind.PredefinedConstant, default, name)
            {
                State = ResolutionState.Resolved,
                Value = value,
            };
            _symbols.Add(name, symbol);
        }
    }

    private void Declare(DefinitionSyntax definition)
    {
        switch (definition)
        {
            case ConstDefinitionSyntax constant:
                Register(new Symbol(constant.Name.Name, SymbolKind.Constant, constant.Name.Position, constant));
                break;

            case TypedefDefinitionSyntax typedef:
                if (typedef.Declaration is { IsOptional: false, Shape: ArrayShape.None, Name: IdentifierSyntax alias, Type.Name: IdentifierSyntax target }
                    && alias.Name == target.Name)
                {
                    // 'typedef struct foo foo;' (nis.x) repeats what rpcgen's header does anyway; C accepts it, so do we.
                    _selfNamedTypedefs.Add(typedef);
                }
                else if (typedef.Declaration.Name is IdentifierSyntax typedefName)
                {
                    Register(new Symbol(typedefName.Name, SymbolKind.Typedef, typedefName.Position, typedef));
                }

                break;

            case EnumDefinitionSyntax enumeration:
                Register(new Symbol(enumeration.Name.Name, SymbolKind.Enum, enumeration.Name.Position, enumeration));
                Symbol? previous = null;
                foreach (EnumMemberSyntax member in enumeration.Members)
                {
                    var symbol = new Symbol(member.Name.Name, SymbolKind.EnumMember, member.Name.Position, member, enumeration)
                    {
                        Previous = previous,
                    };
                    Register(symbol);
                    previous = symbol;
                }

                break;

            case StructDefinitionSyntax structure:
                Register(new Symbol(structure.Name.Name, SymbolKind.Struct, structure.Name.Position, structure));
                break;

            case UnionDefinitionSyntax union:
                Register(new Symbol(union.Name.Name, SymbolKind.Union, union.Name.Position, union));
                break;

            case ProgramDefinitionSyntax program:
                Register(new Symbol(program.Name.Name, SymbolKind.Program, program.Name.Position, program));
                foreach (VersionSyntax version in program.Versions)
                {
                    Register(new Symbol(version.Name.Name, SymbolKind.Version, version.Name.Position, version, program));
                    foreach (ProcedureSyntax procedure in version.Procedures)
                    {
                        Register(new Symbol(procedure.Name.Name, SymbolKind.Procedure, procedure.Name.Position, procedure, version));
                    }
                }

                break;
        }
    }

    private void Register(Symbol symbol)
    {
        _symbolBySyntax[symbol.Syntax] = symbol;
        if (!_symbols.TryGetValue(symbol.Name, out Symbol? existing) || existing.Kind == SymbolKind.PredefinedConstant)
        {
            _symbols[symbol.Name] = symbol;
            return;
        }

        bool sameKind = existing.Kind == symbol.Kind;
        if (sameKind && symbol.Kind == SymbolKind.Procedure && ReferenceEquals(existing.Owner, symbol.Owner))
        {
            Report(
                IdlDiagnosticIds.DuplicateProcedureName,
                symbol.Position,
                $"Procedure '{symbol.Name}' is defined twice in version '{((VersionSyntax)symbol.Owner!).Name.Name}'.");
            _symbolBySyntax.Remove(symbol.Syntax);
            return;
        }

        if (sameKind && symbol.Kind is SymbolKind.Procedure or SymbolKind.Version && !ReferenceEquals(existing.Owner, symbol.Owner))
        {
            // rpcgen emits '#define NAME number' once per version; the same name in another version or program is
            // normal (NULLPROC in every version). MRPC104 reports it when the numbers differ.
            existing.Aliases.Add(symbol);
            return;
        }

        Report(
            IdlDiagnosticIds.DuplicateDefinition,
            symbol.Position,
            $"'{symbol.Name}' is already defined at {FormatLocation(existing.Position)} as {Describe(existing.Kind)}.");
        _symbolBySyntax.Remove(symbol.Syntax);
    }

    /// <summary>Returns the symbol a definition registered, unless another definition already owned the name.</summary>
    private Symbol? DeclaredSymbol(object syntax)
    {
        return _symbolBySyntax.TryGetValue(syntax, out Symbol? symbol) && ReferenceEquals(_symbols[symbol.Name], symbol)
            ? symbol
            : null;
    }

    private string FormatLocation(TextPosition position)
    {
        SourceLocation location = Locate(position);
        return $"{location.FilePath}({location.Line},{location.Column})";
    }

    private static string Describe(SymbolKind kind) => kind switch
    {
        SymbolKind.Constant => "a constant",
        SymbolKind.EnumMember => "an enum member",
        SymbolKind.Program => "a program",
        SymbolKind.Version => "a version",
        SymbolKind.Procedure => "a procedure",
        SymbolKind.Enum => "an enum",
        SymbolKind.Struct => "a struct",
        SymbolKind.Union => "a union",
        SymbolKind.Typedef => "a typedef",
        _ => "a predefined constant",
    };
}
