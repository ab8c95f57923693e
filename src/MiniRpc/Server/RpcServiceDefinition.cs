using System;
using System.Collections.Generic;
using MiniRpc.Xdr;

namespace MiniRpc.Server;

/// <summary>
/// One version of one program as a server offers it: its procedures, each with the codecs of its arguments and
/// results and the handler that runs it. Generated server skeletons build one in their <c>BindService</c>; it can also
/// be written by hand. Procedure 0 answers with no results when it is not defined, as rpcgen's servers do.
/// </summary>
public sealed class RpcServiceDefinition
{
    private readonly Dictionary<uint, RpcProcedure> _procedures = [];

    /// <summary>Creates an empty definition.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The version number.</param>
    /// <param name="name">The program's name, for logs (e.g. <c>MSGPROG</c>).</param>
    public RpcServiceDefinition(uint program, uint version, string? name = null)
    {
        Program = program;
        Version = version;
        Name = name ?? program.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The program number.</summary>
    public uint Program { get; }

    /// <summary>The version number.</summary>
    public uint Version { get; }

    /// <summary>The program's name.</summary>
    public string Name { get; }

    /// <summary>The procedure numbers defined so far.</summary>
    public IEnumerable<uint> Procedures => _procedures.Keys;

    /// <summary>Adds a procedure.</summary>
    /// <typeparam name="TArguments">The arguments' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <typeparam name="TResult">The results' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="name">The procedure's name, for logs.</param>
    /// <param name="decodeArguments">Reads the arguments; the server answers GARBAGE_ARGS when it fails or leaves bytes unread.</param>
    /// <param name="encodeResult">Writes the results; the server answers SYSTEM_ERR when it fails.</param>
    /// <param name="handler">Runs the procedure.</param>
    /// <returns>This definition, to chain calls.</returns>
    /// <exception cref="ArgumentException">The procedure number is already defined.</exception>
    public RpcServiceDefinition AddProcedure<TArguments, TResult>(
        uint procedure,
        string name,
        XdrDecoder<TArguments> decodeArguments,
        XdrEncoder<TResult> encodeResult,
        RpcHandler<TArguments, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(decodeArguments);
        ArgumentNullException.ThrowIfNull(encodeResult);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_procedures.TryAdd(procedure, new RpcProcedure<TArguments, TResult>(procedure, name, decodeArguments, encodeResult, handler)))
        {
            throw new ArgumentException($"Procedure {procedure} of program {Name} version {Version} is already defined.", nameof(procedure));
        }

        return this;
    }

    internal bool TryGetProcedure(uint procedure, out RpcProcedure? found) => _procedures.TryGetValue(procedure, out found);
}
