using System;
using System.Collections.Generic;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl.Binding;

/// <content>Type references, declarations and the enum, struct, union and typedef definitions.</content>
internal sealed partial class Binder
{
    private IdlTypeReference ResolveType(TypeSpecifierSyntax type)
    {
        SourceLocation location = Locate(type.Position);
        if (type.Builtin is IdlTypeKind builtin)
        {
            return new IdlTypeReference(builtin, type.Spelling, location);
        }

        IdentifierSyntax name = type.Name!;
        if (_symbols.TryGetValue(name.Name, out Symbol? symbol))
        {
            if (!symbol.IsType)
            {
                Report(IdlDiagnosticIds.WrongSymbolKind, name.Position, $"'{name.Name}' is {Describe(symbol.Kind)}, not a type.");
                return new IdlTypeReference(IdlTypeKind.External, name.Name, location);
            }

            IdlTypeKind kind = symbol.Kind switch
            {
                SymbolKind.Enum => IdlTypeKind.Enum,
                SymbolKind.Struct => IdlTypeKind.Struct,
                SymbolKind.Union => IdlTypeKind.Union,
                _ => IdlTypeKind.Typedef,
            };

            string? expectedPrefix = kind switch
            {
                IdlTypeKind.Enum => "enum",
                IdlTypeKind.Struct => "struct",
                IdlTypeKind.Union => "union",
                _ => null,
            };

            if (type.Prefix is not null && type.Prefix != expectedPrefix)
            {
                Report(
                    IdlDiagnosticIds.TypeKeywordMismatch,
                    type.Position,
                    $"'{type.Prefix} {name.Name}' refers to {Describe(symbol.Kind)} defined at {FormatLocation(symbol.Position)}; write '{(expectedPrefix is null ? name.Name : expectedPrefix + " " + name.Name)}'.");
            }

            return new IdlTypeReference(kind, name.Name, location);
        }

        if (type.Prefix is null && BuiltinTypeAliases.TryGet(name.Name, out IdlTypeKind alias))
        {
            return new IdlTypeReference(alias, name.Name, location);
        }

        // Reported once per name, at its first use: one missing definition is one problem.
        if (!_brokenNames.Contains(name.Name) && _reportedExternalTypes.Add(name.Name))
        {
            Report(
                IdlDiagnosticIds.UndefinedType,
                name.Position,
                $"Type '{name.Name}' is not defined in this file or its includes; it is kept as an external type whose XDR routine must come from elsewhere.");
        }

        return new IdlTypeReference(IdlTypeKind.External, name.Name, location);
    }

    /// <summary>Binds a declaration; returns <see langword="null"/> for <c>void</c>.</summary>
    private IdlDeclaration? BindDeclaration(DeclarationSyntax declaration, DeclarationContext context)
    {
        if (declaration.Type.IsVoid)
        {
            if (context != DeclarationContext.UnionArm)
            {
                Report(
                    IdlDiagnosticIds.InvalidDeclaration,
                    declaration.Type.Position,
                    "'void' is allowed only as a union arm or as a procedure's argument or result.");
            }

            return null;
        }

        IdentifierSyntax name = declaration.Name!;
        IdlTypeReference type = ResolveType(declaration.Type);
        IdlDeclarationKind kind = declaration.Shape switch
        {
            ArrayShape.Fixed => IdlDeclarationKind.FixedArray,
            ArrayShape.Variable => IdlDeclarationKind.VariableArray,
            _ => declaration.IsOptional ? IdlDeclarationKind.Optional : IdlDeclarationKind.Scalar,
        };

        if (declaration.IsOptional && declaration.Shape != ArrayShape.None)
        {
            Report(
                IdlDiagnosticIds.InvalidDeclaration,
                name.Position,
                $"'{name.Name}' is both optional ('*') and an array; declare a typedef for the array and make that optional.");
        }
        else if (type.Kind == IdlTypeKind.String && kind != IdlDeclarationKind.VariableArray)
        {
            Report(
                IdlDiagnosticIds.InvalidDeclaration,
                name.Position,
                $"'string {name.Name}' needs a variable-length bound: write 'string {name.Name}<>' or 'string {name.Name}<N>'.");
        }
        else if (type.Kind == IdlTypeKind.Opaque && kind is not (IdlDeclarationKind.FixedArray or IdlDeclarationKind.VariableArray))
        {
            Report(
                IdlDiagnosticIds.InvalidDeclaration,
                name.Position,
                $"'opaque {name.Name}' needs a length: write 'opaque {name.Name}[N]' (fixed) or 'opaque {name.Name}<N>' / '<>' (variable).");
        }
        else if (context == DeclarationContext.Discriminant && kind != IdlDeclarationKind.Scalar)
        {
            Report(
                IdlDiagnosticIds.InvalidDiscriminant,
                name.Position,
                $"The discriminant '{name.Name}' must be a single int, unsigned int, enum or bool, not an array or optional data.");
        }

        uint? size = declaration.Size is null ? null : BindSize(declaration.Size, declaration.Shape);
        return new IdlDeclaration(name.Name, type, kind, size, declaration.Size?.Text, Locate(name.Position));
    }

    private uint? BindSize(ValueSyntax size, ArrayShape shape)
    {
        decimal? value = EvaluateValue(size, isVariableBound: shape == ArrayShape.Variable);
        if (value is null)
        {
            return null;
        }

        if (value < 0)
        {
            Report(IdlDiagnosticIds.NegativeSize, size.Position, $"The array size {(size.IsName ? $"'{size.Text}' ({value})" : size.Text)} is negative.");
            return null;
        }

        if (value > uint.MaxValue)
        {
            Report(IdlDiagnosticIds.ValueOverflow, size.Position, $"The array size {(size.IsName ? $"'{size.Text}' ({value})" : size.Text)} does not fit in the 32-bit length of XDR (at most 4294967295).");
            return null;
        }

        if (value == 0 && shape == ArrayShape.Fixed)
        {
            Report(IdlDiagnosticIds.EmptyFixedArray, size.Position, "This fixed-length array has length 0, so it never carries data.");
        }

        return (uint)value.Value;
    }

    /// <summary>Binds an enum, struct, union or typedef once; later calls return the same model.</summary>
    private IdlTypeDefinition? BindType(DefinitionSyntax definition)
    {
        if (_boundTypes.TryGetValue(definition, out IdlTypeDefinition? bound) || _selfNamedTypedefs.Contains(definition))
        {
            return bound;
        }

        // Mark first: binding a union may look through this very typedef.
        _boundTypes[definition] = null;
        bound = definition switch
        {
            EnumDefinitionSyntax enumeration => BindEnum(enumeration),
            StructDefinitionSyntax structure => BindStruct(structure),
            UnionDefinitionSyntax union => BindUnion(union),
            TypedefDefinitionSyntax typedef => BindTypedef(typedef),
            _ => null,
        };
        _boundTypes[definition] = bound;
        return bound;
    }

    private IdlTypeDefinition? BindEnum(EnumDefinitionSyntax enumeration)
    {
        bool declared = DeclaredSymbol(enumeration) is not null;
        var members = new List<IdlEnumMember>();
        var seen = new Dictionary<int, string>();
        foreach (EnumMemberSyntax member in enumeration.Members)
        {
            Symbol? symbol = DeclaredSymbol(member);
            if (symbol is null)
            {
                continue;
            }

            decimal? value = ResolveSymbolValue(symbol);
            int intValue = 0;
            if (value is not null)
            {
                if (value < int.MinValue || value > int.MaxValue)
                {
                    Report(
                        IdlDiagnosticIds.ValueOverflow,
                        member.Value?.Position ?? member.Name.Position,
                        $"The value {value} of enum member '{member.Name.Name}' does not fit in a 32-bit int (RFC 4506 §4.3).");
                }
                else
                {
                    intValue = (int)value.Value;
                    if (seen.TryGetValue(intValue, out string? other))
                    {
                        Report(
                            IdlDiagnosticIds.DuplicateEnumValue,
                            member.Value?.Position ?? member.Name.Position,
                            $"Enum member '{member.Name.Name}' has the value {intValue}, which '{other}' of enum '{enumeration.Name.Name}' already has.");
                    }
                    else
                    {
                        seen.Add(intValue, member.Name.Name);
                    }
                }
            }

            members.Add(new IdlEnumMember(member.Name.Name, intValue, Locate(member.Name.Position)));
        }

        return declared
            ? new IdlEnum(enumeration.Name.Name, new EquatableArray<IdlEnumMember>(members), Locate(enumeration.Name.Position))
            : null;
    }

    private IdlTypeDefinition? BindStruct(StructDefinitionSyntax structure)
    {
        var members = new List<IdlDeclaration>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (DeclarationSyntax member in structure.Members)
        {
            IdlDeclaration? declaration = BindDeclaration(member, DeclarationContext.StructMember);
            if (declaration is null)
            {
                continue;
            }

            if (!names.Add(declaration.Name))
            {
                Report(IdlDiagnosticIds.DuplicateMember, member.Name!.Position, $"Struct '{structure.Name.Name}' already has a member named '{declaration.Name}'.");
                continue;
            }

            members.Add(declaration);
        }

        return DeclaredSymbol(structure) is null
            ? null
            : new IdlStruct(structure.Name.Name, new EquatableArray<IdlDeclaration>(members), Locate(structure.Name.Position));
    }

    private IdlTypeDefinition? BindTypedef(TypedefDefinitionSyntax typedef)
    {
        IdlDeclaration? declaration = BindDeclaration(typedef.Declaration, DeclarationContext.Typedef);
        if (declaration is null || DeclaredSymbol(typedef) is null)
        {
            return null;
        }

        return new IdlTypedef(declaration.Name, declaration, declaration.Location);
    }

    private IdlTypeDefinition? BindUnion(UnionDefinitionSyntax union)
    {
        string unionName = union.Name.Name;
        IdlDeclaration? discriminant = BindDeclaration(union.Discriminant, DeclarationContext.Discriminant);
        DiscriminantCategory category = DiscriminantCategory.Unknown;
        EnumDefinitionSyntax? discriminantEnum = null;
        if (discriminant is null)
        {
            category = DiscriminantCategory.Invalid;
        }
        else if (discriminant.Kind == IdlDeclarationKind.Scalar)
        {
            category = Classify(discriminant.Type, out discriminantEnum);
            if (category == DiscriminantCategory.Invalid)
            {
                Report(
                    IdlDiagnosticIds.InvalidDiscriminant,
                    union.Discriminant.Type.Position,
                    $"The discriminant of union '{unionName}' has type '{union.Discriminant.Type.Spelling}'; it must be int, unsigned int, an enum or bool (RFC 4506 §4.15).");
            }
        }

        HashSet<int>? enumValues = null;
        if (discriminantEnum is not null && BindType(discriminantEnum) is IdlEnum boundEnum)
        {
            enumValues = new HashSet<int>();
            foreach (IdlEnumMember member in boundEnum.Members)
            {
                enumValues.Add(member.Value);
            }
        }

        var seenLabels = new Dictionary<long, string>();
        var armNames = new HashSet<string>(StringComparer.Ordinal);
        var arms = new List<IdlUnionArm>();
        foreach (CaseArmSyntax arm in union.Arms)
        {
            var labels = new List<IdlCaseLabel>();
            foreach (ValueSyntax label in arm.Labels)
            {
                long? value = BindCaseLabel(label, category, discriminantEnum, enumValues, unionName);
                if (value is null)
                {
                    continue;
                }

                if (seenLabels.TryGetValue(value.Value, out string? previous))
                {
                    Report(
                        IdlDiagnosticIds.DuplicateCaseLabel,
                        label.Position,
                        $"Case '{label.Text}' ({value}) of union '{unionName}' is already handled by case '{previous}'.");
                    continue;
                }

                seenLabels.Add(value.Value, label.Text);
                labels.Add(new IdlCaseLabel(value.Value, label.Text, Locate(label.Position)));
            }

            arms.Add(new IdlUnionArm(new EquatableArray<IdlCaseLabel>(labels), BindArm(arm, armNames, unionName), Locate(arm.Position)));
        }

        IdlUnionArm? defaultArm = union.DefaultArm is null
            ? null
            : new IdlUnionArm(EquatableArray<IdlCaseLabel>.Empty, BindArm(union.DefaultArm, armNames, unionName), Locate(union.DefaultArm.Position));

        if (DeclaredSymbol(union) is null || discriminant is null)
        {
            return null;
        }

        return new IdlUnion(unionName, discriminant, new EquatableArray<IdlUnionArm>(arms), defaultArm, Locate(union.Name.Position));
    }

    private IdlDeclaration? BindArm(CaseArmSyntax arm, HashSet<string> armNames, string unionName)
    {
        IdlDeclaration? declaration = BindDeclaration(arm.Declaration, DeclarationContext.UnionArm);
        if (declaration is not null && !armNames.Add(declaration.Name))
        {
            Report(IdlDiagnosticIds.DuplicateMember, arm.Declaration.Name!.Position, $"Union '{unionName}' already has an arm named '{declaration.Name}'.");
        }

        return declaration;
    }

    private long? BindCaseLabel(ValueSyntax label, DiscriminantCategory category, EnumDefinitionSyntax? discriminantEnum, HashSet<int>? enumValues, string unionName)
    {
        decimal? value = EvaluateValue(label);
        if (value is null)
        {
            return null;
        }

        string? problem = null;
        switch (category)
        {
            case DiscriminantCategory.Signed when value < int.MinValue || value > int.MaxValue:
                problem = "does not fit the int discriminant";
                break;
            case DiscriminantCategory.Unsigned when value < 0 || value > uint.MaxValue:
                problem = "does not fit the unsigned int discriminant";
                break;
            case DiscriminantCategory.Bool when value != 0 && value != 1:
                problem = "is not a bool (TRUE or FALSE)";
                break;
            case DiscriminantCategory.Enum:
                if (label.IsName && _symbols.TryGetValue(label.Text, out Symbol? symbol) && symbol.Kind == SymbolKind.EnumMember
                    && !ReferenceEquals(symbol.Owner, discriminantEnum))
                {
                    problem = $"is a member of enum '{((EnumDefinitionSyntax)symbol.Owner!).Name.Name}', not of '{discriminantEnum!.Name.Name}'";
                }
                else if (enumValues is not null && (value < int.MinValue || value > int.MaxValue || !enumValues.Contains((int)value.Value)))
                {
                    problem = $"is not a value of enum '{discriminantEnum!.Name.Name}'";
                }

                break;
        }

        if (problem is null && (value < long.MinValue || value > long.MaxValue))
        {
            problem = "does not fit a discriminant";
        }

        if (problem is not null)
        {
            Report(IdlDiagnosticIds.CaseLabelTypeMismatch, label.Position, $"Case '{label.Text}' ({value}) of union '{unionName}' {problem}.");
            return null;
        }

        return (long)value.Value;
    }

    /// <summary>Finds what values a discriminant of <paramref name="type"/> takes, following typedefs.</summary>
    private DiscriminantCategory Classify(IdlTypeReference type, out EnumDefinitionSyntax? enumeration)
    {
        enumeration = null;
        for (int depth = 0; depth < 64; depth++)
        {
            switch (type.Kind)
            {
                case IdlTypeKind.Int:
                case IdlTypeKind.Short:
                case IdlTypeKind.Char:
                    return DiscriminantCategory.Signed;
                case IdlTypeKind.UnsignedInt:
                case IdlTypeKind.UnsignedShort:
                case IdlTypeKind.UnsignedChar:
                    return DiscriminantCategory.Unsigned;
                case IdlTypeKind.Bool:
                    return DiscriminantCategory.Bool;
                case IdlTypeKind.External:
                    return DiscriminantCategory.Unknown;
                case IdlTypeKind.Enum:
                    enumeration = (EnumDefinitionSyntax)_symbols[type.Name].Syntax;
                    return DiscriminantCategory.Enum;
                case IdlTypeKind.Typedef:
                    var typedefSyntax = (TypedefDefinitionSyntax)_symbols[type.Name].Syntax;
                    if (BindType(typedefSyntax) is not IdlTypedef typedef)
                    {
                        return DiscriminantCategory.Unknown;
                    }

                    if (typedef.Declaration.Kind != IdlDeclarationKind.Scalar)
                    {
                        return DiscriminantCategory.Invalid;
                    }

                    type = typedef.Declaration.Type;
                    continue;
                default:
                    return DiscriminantCategory.Invalid;
            }
        }

        return DiscriminantCategory.Unknown;
    }
}
