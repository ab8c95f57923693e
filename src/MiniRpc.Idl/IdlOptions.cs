namespace MiniRpc.Idl;

/// <summary>Settings for <see cref="IdlCompiler.Compile"/>.</summary>
/// <remarks>
/// rpcgen runs the C preprocessor once per output file with exactly one of <c>RPC_HDR</c>, <c>RPC_XDR</c>,
/// <c>RPC_SVC</c>, <c>RPC_CLNT</c> or <c>RPC_TBL</c> defined. MiniRpc reads a file once and builds every output from
/// that reading, so it picks the header run: by default only <c>RPC_HDR</c> is defined (to <c>1</c>). The header is
/// where rpcgen declares every type, so a definition guarded by <c>#ifdef RPC_HDR</c> is seen and one guarded by
/// <c>#ifndef RPC_HDR</c> is not, exactly as in <c>rpcgen -h</c>.
/// </remarks>
public sealed record IdlOptions
{
    /// <summary>Gets the options used when the caller passes none: <c>RPC_HDR</c> defined, includes nested 32 deep at most.</summary>
    public static IdlOptions Default { get; } = new IdlOptions();

    /// <summary>
    /// Gets the symbols defined before the first line is read, written as for <c>cpp -D</c>: <c>NAME</c> (defined to
    /// <c>1</c>) or <c>NAME=value</c>. Defaults to <c>RPC_HDR</c> alone.
    /// </summary>
    public EquatableArray<string> Defines { get; init; } = new EquatableArray<string>(new[] { "RPC_HDR" });

    /// <summary>Gets how deep <c>#include</c> may nest before MRPC005 is reported.</summary>
    public int MaxIncludeDepth { get; init; } = 32;
}
