namespace MiniRpc.Client;

/// <summary>Which remote procedure a call was for, carried by the exceptions a failed call raises.</summary>
/// <param name="Program">The program number.</param>
/// <param name="Version">The program version.</param>
/// <param name="Procedure">The procedure number.</param>
/// <param name="Xid">The call's transaction id.</param>
public readonly record struct RpcCallInfo(uint Program, uint Version, uint Procedure, uint Xid)
{
    /// <inheritdoc/>
    public override string ToString() => $"program {Program} version {Version} procedure {Procedure}, xid {Xid:x8}";
}
