using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MiniRpc.Idl;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators.Emitter;

/// <summary>
/// A program becomes a static class with its number; each version a nested static class with the procedure numbers,
/// a <c>Client</c> stub, an <c>IService</c> interface for servers and <c>BindService</c>, which hands an
/// implementation to <c>RpcServer.AddService</c>. One object may implement the interfaces of several versions.
/// </summary>
internal sealed partial class CSharpEmitter
{
    private const string Ct = "global::System.Threading.CancellationToken";

    private void EmitProgram(IdlProgram program)
    {
        string name = CSharpNames.Identifier(program.Name);
        _out.Summary($"program {program.Name} = {program.Number.ToString(CultureInfo.InvariantCulture)}{Where(program.Location)}");
        _out.Open($"public static partial class {name}");
        _out.Line($"/// <summary>The program number, {program.Number.ToString(CultureInfo.InvariantCulture)}.</summary>");
        _out.Line($"public const uint Program = {program.Number.ToString(CultureInfo.InvariantCulture)}U;");
        _out.Line();
        foreach (IdlVersion version in program.Versions)
        {
            EmitVersion(program, version);
        }

        _out.Close();
        _out.Line();
    }

    private void EmitVersion(IdlProgram program, IdlVersion version)
    {
        string className = CSharpNames.Member(version.Name, program.Name);
        var procedures = version.Procedures.Select(p => new Procedure(this, p, className)).ToArray();
        _out.Summary($"version {version.Name} = {version.Number.ToString(CultureInfo.InvariantCulture)} of program {program.Name}{Where(version.Location)}");
        _out.Open($"public static partial class {className}");
        _out.Line($"/// <summary>The version number, {version.Number.ToString(CultureInfo.InvariantCulture)}.</summary>");
        _out.Line($"public const uint Version = {version.Number.ToString(CultureInfo.InvariantCulture)}U;");
        _out.Line();
        foreach (Procedure procedure in procedures)
        {
            _out.Summary($"{procedure.Declaration} = {procedure.Number}: the procedure number.");
            _out.Line($"public const uint {procedure.Name} = {procedure.Number}U;");
            _out.Line();
        }

        foreach (Procedure procedure in procedures)
        {
            _out.Line($"private static readonly {Xdr}XdrEncoder<{procedure.ArgumentsType}> s_{procedure.Name.TrimStart('@')}Arguments = {procedure.EncodeArguments};");
            _out.Line($"private static readonly {Xdr}XdrDecoder<{procedure.ArgumentsType}> s_{procedure.Name.TrimStart('@')}ArgumentsDecoder = {procedure.DecodeArguments};");
            _out.Line($"private static readonly {Xdr}XdrEncoder<{procedure.ResultWireType}> s_{procedure.Name.TrimStart('@')}Result = {procedure.EncodeResult};");
            _out.Line($"private static readonly {Xdr}XdrDecoder<{procedure.ResultWireType}> s_{procedure.Name.TrimStart('@')}ResultDecoder = {procedure.DecodeResult};");
        }

        _out.Line();
        EmitClient(program, version, procedures);
        EmitService(program, version, procedures);
        _out.Close();
        _out.Line();
    }

    private void EmitClient(IdlProgram program, IdlVersion version, Procedure[] procedures)
    {
        _out.Summary($"Calls {program.Name} version {version.Number.ToString(CultureInfo.InvariantCulture)} through an IRpcClient (TCP, UDP or a Unix socket). Safe to share between threads.");
        _out.Open("public sealed partial class Client");
        _out.Line("private readonly global::MiniRpc.Client.IRpcClient _rpc;");
        _out.Line();
        _out.Line("/// <summary>A stub that sends its calls through <paramref name=\"rpc\"/>.</summary>");
        _out.Open("public Client(global::MiniRpc.Client.IRpcClient rpc)");
        _out.Line("global::System.ArgumentNullException.ThrowIfNull(rpc);");
        _out.Line("_rpc = rpc;");
        _out.Close();
        _out.Line();
        _out.Line("/// <summary>The transport the calls go through.</summary>");
        _out.Line("public global::MiniRpc.Client.IRpcClient Rpc => _rpc;");
        _out.Line();

        if (!procedures.Any(p => p.Number == "0"))
        {
            _out.Line("/// <summary>Calls procedure 0, which every ONC RPC server answers with no data: a ping.</summary>");
            _out.Line($"public {Tasks}ValueTask NullProcedureAsync({Ct} cancellationToken = default) =>");
            _out.Line($"    _rpc.CallVoidAsync(Program, Version, 0U, {Xdr}XdrVoid.Value, {Xdr}XdrVoid.Encoder, cancellationToken);");
            _out.Line();
            _out.Line("/// <summary>Calls procedure 0 and waits, as rpcgen's C stubs do.</summary>");
            _out.Line($"public void NullProcedure({Ct} cancellationToken = default) =>");
            _out.Line($"    _rpc.Call(Program, Version, 0U, {Xdr}XdrVoid.Value, {Xdr}XdrVoid.Encoder, {Xdr}XdrVoid.Decoder, cancellationToken);");
            _out.Line();
        }

        foreach (Procedure procedure in procedures)
        {
            string parameters = string.Join(", ", procedure.Parameters.Select(p => $"{p.Type} {p.Name}").Concat(new[] { $"{Ct} cancellationToken = default" }));
            string call = $"_rpc.CallAsync(Program, Version, {procedure.Number}U, {procedure.ArgumentsValue}, s_{procedure.Name.TrimStart('@')}Arguments, s_{procedure.Name.TrimStart('@')}ResultDecoder, cancellationToken)";
            string syncCall = $"_rpc.Call(Program, Version, {procedure.Number}U, {procedure.ArgumentsValue}, s_{procedure.Name.TrimStart('@')}Arguments, s_{procedure.Name.TrimStart('@')}ResultDecoder, cancellationToken)";
            _out.Summary($"Calls {procedure.Declaration} = {procedure.Number}.");
            if (procedure.ResultIsVoid)
            {
                string voidCall = $"_rpc.CallVoidAsync(Program, Version, {procedure.Number}U, {procedure.ArgumentsValue}, s_{procedure.Name.TrimStart('@')}Arguments, cancellationToken)";
                _out.Line($"public {Tasks}ValueTask {procedure.MethodName}Async({parameters}) =>");
                _out.Line($"    {voidCall};");
                _out.Line();
                _out.Summary($"Calls {procedure.Declaration} = {procedure.Number} and waits, as rpcgen's C stubs do.");
                _out.Line($"public void {procedure.MethodName}({parameters}) =>");
                _out.Line($"    {syncCall};");
            }
            else
            {
                _out.Line($"public {Tasks}ValueTask<{procedure.ResultType}> {procedure.MethodName}Async({parameters}) =>");
                _out.Line($"    {call};");
                _out.Line();
                _out.Summary($"Calls {procedure.Declaration} = {procedure.Number} and waits, as rpcgen's C stubs do.");
                _out.Line($"public {procedure.ResultType} {procedure.MethodName}({parameters}) =>");
                _out.Line($"    {syncCall};");
            }

            _out.Line();
        }

        _out.Close();
        _out.Line();
    }

    private void EmitService(IdlProgram program, IdlVersion version, Procedure[] procedures)
    {
        _out.Summary($"What a server of {program.Name} version {version.Number.ToString(CultureInfo.InvariantCulture)} implements; hand it to BindService. An exception becomes SYSTEM_ERR.");
        _out.Open("public partial interface IService");
        foreach (Procedure procedure in procedures)
        {
            string parameters = string.Join(", ", procedure.Parameters.Select(p => $"{p.Type} {p.Name}").Concat(new[] { "global::MiniRpc.Server.RpcCallContext context" }));
            _out.Summary($"{procedure.Declaration} = {procedure.Number}");
            _out.Line(procedure.ResultIsVoid
                ? $"{Tasks}ValueTask {procedure.MethodName}({parameters});"
                : $"{Tasks}ValueTask<{procedure.ResultType}> {procedure.MethodName}({parameters});");
            _out.Line();
        }

        _out.Close();
        _out.Line();

        _out.Line($"/// <summary>Binds <paramref name=\"service\"/> to {program.Name} version {version.Number.ToString(CultureInfo.InvariantCulture)}, for RpcServer.AddService. Procedure 0 is answered even when the .x file does not declare it.</summary>");
        _out.Open($"public static global::MiniRpc.Server.RpcServiceDefinition BindService(IService service)");
        _out.Line("global::System.ArgumentNullException.ThrowIfNull(service);");
        _out.Line($"var definition = new global::MiniRpc.Server.RpcServiceDefinition(Program, Version, \"{program.Name}\");");
        foreach (Procedure procedure in procedures)
        {
            string call = $"service.{procedure.MethodName}({string.Join(", ", procedure.ArgumentsFrom("arguments").Concat(new[] { "context" }))})";
            string handler = procedure.ResultIsVoid
                ? $"async (arguments, context) => {{ await {call}.ConfigureAwait(false); return {Xdr}XdrVoid.Value; }}"
                : $"(arguments, context) => {call}";
            _out.Line($"definition.AddProcedure<{procedure.ArgumentsType}, {procedure.ResultWireType}>({procedure.Number}U, \"{procedure.RawName}\", s_{procedure.Name.TrimStart('@')}ArgumentsDecoder, s_{procedure.Name.TrimStart('@')}Result, {handler});");
        }

        _out.Line("return definition;");
        _out.Close();
    }

    /// <summary>A procedure as the stubs see it: parameters, the wire type of its arguments, its result.</summary>
    private sealed class Procedure
    {
        public Procedure(CSharpEmitter emitter, IdlProcedure procedure, string versionClass)
        {
            RawName = procedure.Name;
            Name = CSharpNames.Member(procedure.Name, versionClass);
            MethodName = CSharpNames.Identifier(procedure.Name);
            Number = procedure.Number.ToString(CultureInfo.InvariantCulture);
            Parameters = procedure.Arguments.Select((a, i) => (emitter.DeclarationType(a), ParameterName(a.Name, i))).ToArray();
            string arguments = procedure.Arguments.Count == 0 ? "void" : string.Join(", ", procedure.Arguments.Select(DeclarationText));
            string result = procedure.Result.Kind == IdlTypeKind.Void ? "void" : procedure.Result.Name;
            Declaration = $"{result} {procedure.Name}({arguments})";

            IdlDeclaration? resultDeclaration = procedure.Result.Kind == IdlTypeKind.Void
                ? null
                : new IdlDeclaration("result", procedure.Result, procedure.Result.Kind == IdlTypeKind.String ? IdlDeclarationKind.VariableArray : IdlDeclarationKind.Scalar, null, null, procedure.Location);
            ResultIsVoid = resultDeclaration is null;
            ResultType = resultDeclaration is null ? Xdr + "XdrVoid" : emitter.DeclarationType(resultDeclaration);
            ResultWireType = ResultType;
            EncodeResult = resultDeclaration is null ? Xdr + "XdrVoid.Encoder" : $"static (ref {Xdr}XdrWriter writer, {ResultType} value) => {emitter.WriteStatement(resultDeclaration, "value", "writer")}";
            DecodeResult = resultDeclaration is null ? Xdr + "XdrVoid.Decoder" : $"static (ref {Xdr}XdrReader reader) => {emitter.ReadExpression(resultDeclaration, "reader")}";

            switch (procedure.Arguments.Count)
            {
                case 0:
                    ArgumentsType = Xdr + "XdrVoid";
                    ArgumentsValue = Xdr + "XdrVoid.Value";
                    EncodeArguments = Xdr + "XdrVoid.Encoder";
                    DecodeArguments = Xdr + "XdrVoid.Decoder";
                    break;
                case 1:
                    ArgumentsType = Parameters[0].Type;
                    ArgumentsValue = Parameters[0].Name;
                    EncodeArguments = $"static (ref {Xdr}XdrWriter writer, {ArgumentsType} value) => {emitter.WriteStatement(procedure.Arguments[0], "value", "writer")}";
                    DecodeArguments = $"static (ref {Xdr}XdrReader reader) => {emitter.ReadExpression(procedure.Arguments[0], "reader")}";
                    break;
                default:
                    // rpcgen's newstyle (-N) procedures: the arguments go one after the other, as a tuple here.
                    ArgumentsType = "(" + string.Join(", ", Parameters.Select(p => p.Type)) + ")";
                    ArgumentsValue = "(" + string.Join(", ", Parameters.Select(p => p.Name)) + ")";
                    EncodeArguments = $"static (ref {Xdr}XdrWriter writer, {ArgumentsType} value) =>\n        {{\n" +
                        string.Concat(procedure.Arguments.Select((a, i) => $"            {emitter.WriteStatement(a, $"value.Item{i + 1}", "writer")};\n")) +
                        "        }";
                    DecodeArguments = $"static (ref {Xdr}XdrReader reader) => (" + string.Join(", ", procedure.Arguments.Select(a => emitter.ReadExpression(a, "reader"))) + ")";
                    break;
            }
        }

        public string RawName { get; }

        public string Name { get; }

        public string MethodName { get; }

        public string Number { get; }

        public string Declaration { get; }

        public (string Type, string Name)[] Parameters { get; }

        public string ArgumentsType { get; }

        public string ArgumentsValue { get; }

        public string EncodeArguments { get; }

        public string DecodeArguments { get; }

        public bool ResultIsVoid { get; }

        public string ResultType { get; }

        public string ResultWireType { get; }

        public string EncodeResult { get; }

        public string DecodeResult { get; }

        /// <summary>The expressions that pass the decoded arguments on to the service's method.</summary>
        public IEnumerable<string> ArgumentsFrom(string value) => Parameters.Length switch
        {
            0 => Enumerable.Empty<string>(),
            1 => new[] { value },
            _ => Parameters.Select((_, i) => $"{value}.Item{i + 1}"),
        };

        private static string ParameterName(string name, int index)
        {
            string candidate = CSharpNames.Identifier(name);
            return candidate is "cancellationToken" or "context" ? candidate + index.ToString(CultureInfo.InvariantCulture) : candidate;
        }
    }
}
