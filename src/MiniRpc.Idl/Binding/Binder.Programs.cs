using System;
using System.Collections.Generic;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl.Binding;

/// <content>Programs, versions and procedures (RFC 5531 §12.2, rpcgen's get_prog_declaration).</content>
internal sealed partial class Binder
{
    private IdlProgram? BindProgram(ProgramDefinitionSyntax program)
    {
        Symbol? programSymbol = DeclaredSymbol(program);
        uint programNumber = EvaluateNumber(programSymbol, program.Number, "Program number");
        var versions = new List<IdlVersion>();
        var versionNumbers = new Dictionary<uint, string>();
        foreach (VersionSyntax version in program.Versions)
        {
            _symbolBySyntax.TryGetValue(version, out Symbol? versionSymbol);
            uint versionNumber = EvaluateNumber(versionSymbol, version.Number, "Version number");
            if (versionNumbers.TryGetValue(versionNumber, out string? other))
            {
                Report(
                    IdlDiagnosticIds.DuplicateVersionNumber,
                    version.Number.Position,
                    $"Version '{version.Name.Name}' has number {versionNumber}, which version '{other}' of program '{program.Name.Name}' already has.");
            }
            else
            {
                versionNumbers.Add(versionNumber, version.Name.Name);
            }

            var procedures = new List<IdlProcedure>();
            var procedureNumbers = new Dictionary<uint, string>();
            foreach (ProcedureSyntax procedure in version.Procedures)
            {
                bool declared = _symbolBySyntax.TryGetValue(procedure, out Symbol? procedureSymbol);
                uint procedureNumber = EvaluateNumber(procedureSymbol, procedure.Number, "Procedure number");
                if (procedureNumbers.TryGetValue(procedureNumber, out string? otherProcedure))
                {
                    Report(
                        IdlDiagnosticIds.DuplicateProcedureNumber,
                        procedure.Number.Position,
                        $"Procedure '{procedure.Name.Name}' has number {procedureNumber}, which procedure '{otherProcedure}' of version '{version.Name.Name}' already has.");
                }
                else
                {
                    procedureNumbers.Add(procedureNumber, procedure.Name.Name);
                }

                IdlProcedure bound = BindProcedure(procedure, procedureNumber);
                if (declared)
                {
                    procedures.Add(bound);
                }
            }

            if (versionSymbol is not null)
            {
                versions.Add(new IdlVersion(version.Name.Name, versionNumber, new EquatableArray<IdlProcedure>(procedures), Locate(version.Name.Position)));
            }
        }

        return programSymbol is null
            ? null
            : new IdlProgram(program.Name.Name, programNumber, new EquatableArray<IdlVersion>(versions), Locate(program.Name.Position));
    }

    private IdlProcedure BindProcedure(ProcedureSyntax procedure, uint number)
    {
        IdlTypeReference result = ResolveType(procedure.Result);
        if (result.Kind == IdlTypeKind.Opaque)
        {
            Report(
                IdlDiagnosticIds.InvalidProcedureSignature,
                procedure.Result.Position,
                $"Procedure '{procedure.Name.Name}' cannot return bare 'opaque'; declare a typedef such as 'typedef opaque data<>;' and return that.");
        }

        var arguments = new List<IdlDeclaration>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<ProcedureArgumentSyntax> syntax = procedure.Arguments;
        for (int i = 0; i < syntax.Count; i++)
        {
            ProcedureArgumentSyntax argument = syntax[i];
            if (argument.Type.IsVoid)
            {
                if (syntax.Count > 1)
                {
                    Report(
                        IdlDiagnosticIds.InvalidProcedureSignature,
                        argument.Type.Position,
                        $"'void' must be the only argument of procedure '{procedure.Name.Name}'.");
                }

                continue;
            }

            IdlDeclaration? declaration = BindArgument(procedure, argument, i + 1);
            if (declaration is null)
            {
                continue;
            }

            if (!names.Add(declaration.Name))
            {
                Report(IdlDiagnosticIds.DuplicateMember, argument.Name?.Position ?? argument.Position, $"Procedure '{procedure.Name.Name}' already has an argument named '{declaration.Name}'.");
            }

            arguments.Add(declaration);
        }

        if (number == 0 && (result.Kind != IdlTypeKind.Void || arguments.Count > 0))
        {
            Report(
                IdlDiagnosticIds.NullProcedureNotVoid,
                procedure.Name.Position,
                $"Procedure '{procedure.Name.Name}' has number 0, which RFC 5531 §12.1 reserves for the null procedure; it should take and return void.");
        }

        return new IdlProcedure(procedure.Name.Name, number, result, new EquatableArray<IdlDeclaration>(arguments), Locate(procedure.Name.Position));
    }

    private IdlDeclaration? BindArgument(ProcedureSyntax procedure, ProcedureArgumentSyntax argument, int index)
    {
        IdlTypeReference type = ResolveType(argument.Type);
        string? problem = null;
        if (type.Kind == IdlTypeKind.Opaque)
        {
            problem = "'opaque' cannot be an argument; declare a typedef such as 'typedef opaque data<>;' and pass that";
        }
        else if (argument.IsArray && type.Kind != IdlTypeKind.String)
        {
            problem = "arrays cannot be arguments; declare a typedef for the array and pass that";
        }
        else if (argument.IsOptional && type.Kind == IdlTypeKind.String)
        {
            problem = "a pointer to string cannot be an argument";
        }

        if (problem is not null)
        {
            Report(IdlDiagnosticIds.InvalidProcedureSignature, argument.Type.Position, $"Procedure '{procedure.Name.Name}': {problem}.");
            return null;
        }

        IdlDeclarationKind kind = type.Kind == IdlTypeKind.String
            ? IdlDeclarationKind.VariableArray
            : argument.IsOptional ? IdlDeclarationKind.Optional : IdlDeclarationKind.Scalar;
        uint? size = argument.Size is null ? null : BindSize(argument.Size, ArrayShape.Variable);
        string name = argument.Name?.Name ?? "arg" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new IdlDeclaration(name, type, kind, size, argument.Size?.Text, Locate(argument.Name?.Position ?? argument.Type.Position));
    }

    /// <summary>
    /// MRPC023: two programs that share a number may not share a version number. rpcgen accepts one program number
    /// split over several definitions (FreeBSD's <c>nfs_prot.x</c> has <c>NFS_PROGRAM</c> version 2 and
    /// <c>NFS3_PROGRAM</c> version 3, both 100003), since a server registers (program, version) pairs; the same pair
    /// twice is what cannot work.
    /// </summary>
    private void CheckProgramNumbers(IReadOnlyList<ProgramDefinitionSyntax> syntax, IReadOnlyList<IdlProgram> programs)
    {
        var seen = new Dictionary<(uint Program, uint Version), string>();
        foreach (IdlProgram program in programs)
        {
            foreach (IdlVersion version in program.Versions)
            {
                if (seen.TryGetValue((program.Number, version.Number), out string? other))
                {
                    if (other == program.Name)
                    {
                        continue;
                    }

                    ProgramDefinitionSyntax definition = FindProgram(syntax, program.Name);
                    Report(
                        IdlDiagnosticIds.DuplicateProgramNumber,
                        definition.Number.Position,
                        $"Program '{program.Name}' has number {program.Number} and version {version.Number}, which program '{other}' already has.");
                    break;
                }

                seen.Add((program.Number, version.Number), program.Name);
            }
        }
    }

    private static ProgramDefinitionSyntax FindProgram(IReadOnlyList<ProgramDefinitionSyntax> syntax, string name)
    {
        foreach (ProgramDefinitionSyntax program in syntax)
        {
            if (program.Name.Name == name)
            {
                return program;
            }
        }

        return syntax[0];
    }

    /// <summary>MRPC104: a version or procedure name reused in another program or version with a different number.</summary>
    private void CheckAliases()
    {
        foreach (Symbol symbol in _symbols.Values)
        {
            if (symbol.Aliases.Count == 0)
            {
                continue;
            }

            decimal? value = ResolveSymbolValue(symbol);
            foreach (Symbol alias in symbol.Aliases)
            {
                decimal? aliasValue = ResolveSymbolValue(alias);
                if (value is not null && aliasValue is not null && value != aliasValue)
                {
                    Report(
                        IdlDiagnosticIds.ConflictingNumber,
                        alias.Position,
                        $"'{alias.Name}' is number {aliasValue} here but {value} at {FormatLocation(symbol.Position)}; where the name is used as a value it means {value}.");
                }
            }
        }
    }
}
