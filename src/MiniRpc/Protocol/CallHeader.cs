using System;
using MiniRpc.Xdr;

namespace MiniRpc.Protocol;

/// <summary>
/// The header of an RPC call: the xid, <c>CALL</c>, and the <c>call_body</c> up to and including the verifier
/// (RFC 5531 §9). The procedure's arguments follow it in the same message.
/// </summary>
public readonly struct CallHeader : IEquatable<CallHeader>
{
    /// <summary>Creates the header of a call in RPC version 2.</summary>
    /// <param name="xid">The transaction id.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program's version number.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="credential">The caller's credential; <see cref="OpaqueAuth.None"/> for AUTH_NONE.</param>
    /// <param name="verifier">The caller's verifier; <see cref="OpaqueAuth.None"/> for AUTH_NONE and AUTH_SYS.</param>
    public CallHeader(uint xid, uint program, uint version, uint procedure, OpaqueAuth credential = default, OpaqueAuth verifier = default)
        : this(xid, RpcProtocol.Version, program, version, procedure, credential, verifier)
    {
    }

    /// <summary>Creates the header of a call with any RPC version, as a test or a server's mismatch path needs.</summary>
    /// <param name="xid">The transaction id.</param>
    /// <param name="rpcVersion">The RPC protocol version; 2 is the only one that exists.</param>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program's version number.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="credential">The caller's credential.</param>
    /// <param name="verifier">The caller's verifier.</param>
    public CallHeader(uint xid, uint rpcVersion, uint program, uint version, uint procedure, OpaqueAuth credential, OpaqueAuth verifier)
    {
        Xid = xid;
        RpcVersion = rpcVersion;
        Program = program;
        Version = version;
        Procedure = procedure;
        Credential = credential;
        Verifier = verifier;
    }

    /// <summary>The transaction id.</summary>
    public uint Xid { get; }

    /// <summary>
    /// The RPC protocol version. When it is not <see cref="RpcProtocol.Version"/>, <see cref="ReadBody"/> stops after
    /// it, and the other members are zero: the server answers RPC_MISMATCH without trusting the rest.
    /// </summary>
    public uint RpcVersion { get; }

    /// <summary>The program number.</summary>
    public uint Program { get; }

    /// <summary>The program's version number.</summary>
    public uint Version { get; }

    /// <summary>The procedure number.</summary>
    public uint Procedure { get; }

    /// <summary>The caller's credential.</summary>
    public OpaqueAuth Credential { get; }

    /// <summary>The caller's verifier.</summary>
    public OpaqueAuth Verifier { get; }

    /// <summary>Whether <see cref="RpcVersion"/> is the version this library speaks.</summary>
    public bool IsSupportedRpcVersion => RpcVersion == RpcProtocol.Version;

    /// <summary>The number of bytes the header occupies on the wire (without a TCP record mark).</summary>
    public int EncodedLength => RpcMessageHeader.EncodedLength + 16 + Credential.EncodedLength + Verifier.EncodedLength;

    /// <summary>Writes the whole header: xid, CALL, rpcvers, prog, vers, proc, cred, verf.</summary>
    /// <param name="writer">The writer; the arguments are written after the header.</param>
    public void Write(ref XdrWriter writer)
    {
        new RpcMessageHeader(Xid, MessageType.Call).Write(ref writer);
        writer.WriteUInt32(RpcVersion);
        writer.WriteUInt32(Program);
        writer.WriteUInt32(Version);
        writer.WriteUInt32(Procedure);
        Credential.Write(ref writer);
        Verifier.Write(ref writer);
    }

    /// <summary>Reads a whole call header, from the xid on.</summary>
    /// <param name="reader">The reader, at the start of the message; afterwards at the arguments.</param>
    /// <returns>The header.</returns>
    /// <exception cref="XdrFormatException">The message is malformed or is a reply.</exception>
    public static CallHeader Read(ref XdrReader reader)
    {
        int offset = reader.Position;
        RpcMessageHeader header = RpcMessageHeader.Read(ref reader);
        if (header.Type != MessageType.Call)
        {
            throw new XdrFormatException(XdrError.InvalidDiscriminant, offset + 4, "expected a CALL message, found a REPLY.");
        }

        return ReadBody(header.Xid, ref reader);
    }

    /// <summary>
    /// Reads the <c>call_body</c> after an <see cref="RpcMessageHeader"/> of type CALL. If the RPC version is not 2
    /// it stops right after it (RFC 5531 §9: the rest of a call in another version need not look like this one).
    /// </summary>
    /// <param name="xid">The xid read with the message header.</param>
    /// <param name="reader">The reader, after the message type.</param>
    /// <returns>The header.</returns>
    /// <exception cref="XdrFormatException">The body is malformed.</exception>
    public static CallHeader ReadBody(uint xid, ref XdrReader reader)
    {
        uint rpcVersion = reader.ReadUInt32();
        if (rpcVersion != RpcProtocol.Version)
        {
            return new CallHeader(xid, rpcVersion, 0, 0, 0, default, default);
        }

        uint program = reader.ReadUInt32();
        uint version = reader.ReadUInt32();
        uint procedure = reader.ReadUInt32();
        OpaqueAuth credential = OpaqueAuth.Read(ref reader);
        OpaqueAuth verifier = OpaqueAuth.Read(ref reader);
        return new CallHeader(xid, rpcVersion, program, version, procedure, credential, verifier);
    }

    /// <inheritdoc/>
    public bool Equals(CallHeader other) =>
        Xid == other.Xid && RpcVersion == other.RpcVersion && Program == other.Program && Version == other.Version
        && Procedure == other.Procedure && Credential == other.Credential && Verifier == other.Verifier;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CallHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Xid, RpcVersion, Program, Version, Procedure, Credential, Verifier);

    /// <inheritdoc/>
    public override string ToString() => $"CALL xid={Xid:x8} rpcvers={RpcVersion} prog={Program} vers={Version} proc={Procedure} cred={Credential} verf={Verifier}";

    /// <summary>Compares every field.</summary>
    /// <param name="left">One header.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when both are equal.</returns>
    public static bool operator ==(CallHeader left, CallHeader right) => left.Equals(right);

    /// <summary>Compares every field.</summary>
    /// <param name="left">One header.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(CallHeader left, CallHeader right) => !left.Equals(right);
}
