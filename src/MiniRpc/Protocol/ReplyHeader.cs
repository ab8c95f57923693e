using System;
using MiniRpc.Xdr;

namespace MiniRpc.Protocol;

/// <summary>
/// The header of an RPC reply: the xid, <c>REPLY</c>, and the <c>reply_body</c> up to the procedure's results
/// (RFC 5531 §9). It covers every outcome: accepted with SUCCESS, PROG_UNAVAIL, PROG_MISMATCH (low, high),
/// PROC_UNAVAIL, GARBAGE_ARGS or SYSTEM_ERR, and denied with RPC_MISMATCH (low, high) or AUTH_ERROR (auth_stat).
/// After a SUCCESS header the results follow in the same message.
/// </summary>
public readonly struct ReplyHeader : IEquatable<ReplyHeader>
{
    private ReplyHeader(uint xid, ReplyStatus status, OpaqueAuth verifier, AcceptStatus acceptStatus, RejectStatus rejectStatus, MismatchInfo mismatch, AuthStat authStat)
    {
        Xid = xid;
        Status = status;
        Verifier = verifier;
        AcceptStatus = acceptStatus;
        RejectStatus = rejectStatus;
        Mismatch = mismatch;
        AuthStat = authStat;
    }

    /// <summary>The transaction id of the call this replies to.</summary>
    public uint Xid { get; }

    /// <summary>Accepted or denied.</summary>
    public ReplyStatus Status { get; }

    /// <summary>The server's verifier; only an accepted reply has one.</summary>
    public OpaqueAuth Verifier { get; }

    /// <summary>The outcome of an accepted call; meaningful when <see cref="Status"/> is <see cref="ReplyStatus.Accepted"/>.</summary>
    public AcceptStatus AcceptStatus { get; }

    /// <summary>Why the call was denied; meaningful when <see cref="Status"/> is <see cref="ReplyStatus.Denied"/>.</summary>
    public RejectStatus RejectStatus { get; }

    /// <summary>The supported versions, with PROG_MISMATCH (program versions) or RPC_MISMATCH (RPC versions).</summary>
    public MismatchInfo Mismatch { get; }

    /// <summary>Why authentication failed, with AUTH_ERROR.</summary>
    public AuthStat AuthStat { get; }

    /// <summary>True for an accepted reply with SUCCESS: the procedure's results follow.</summary>
    public bool IsSuccess => Status == ReplyStatus.Accepted && AcceptStatus == AcceptStatus.Success;

    /// <summary>A SUCCESS reply; the procedure's results are written after it.</summary>
    /// <param name="xid">The call's xid.</param>
    /// <param name="verifier">The server's verifier; AUTH_NONE unless the flavor says otherwise.</param>
    /// <returns>The header.</returns>
    public static ReplyHeader Success(uint xid, OpaqueAuth verifier = default) =>
        new(xid, ReplyStatus.Accepted, verifier, AcceptStatus.Success, default, default, default);

    /// <summary>An accepted reply with a status that carries no data: SUCCESS, PROG_UNAVAIL, PROC_UNAVAIL, GARBAGE_ARGS or SYSTEM_ERR.</summary>
    /// <param name="xid">The call's xid.</param>
    /// <param name="status">The status.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentException"><paramref name="status"/> is PROG_MISMATCH (use <see cref="ProgramMismatch"/>) or undefined.</exception>
    public static ReplyHeader Accepted(uint xid, AcceptStatus status, OpaqueAuth verifier = default)
    {
        if (status == AcceptStatus.ProgMismatch || (uint)status > (uint)AcceptStatus.SystemErr)
        {
            throw new ArgumentException($"{status} is not a status without data; PROG_MISMATCH needs the supported versions.", nameof(status));
        }

        return new ReplyHeader(xid, ReplyStatus.Accepted, verifier, status, default, default, default);
    }

    /// <summary>PROG_MISMATCH: the program exists but not in the version asked for.</summary>
    /// <param name="xid">The call's xid.</param>
    /// <param name="low">The lowest version the server has.</param>
    /// <param name="high">The highest version the server has.</param>
    /// <param name="verifier">The server's verifier.</param>
    /// <returns>The header.</returns>
    public static ReplyHeader ProgramMismatch(uint xid, uint low, uint high, OpaqueAuth verifier = default) =>
        new(xid, ReplyStatus.Accepted, verifier, AcceptStatus.ProgMismatch, default, new MismatchInfo(low, high), default);

    /// <summary>RPC_MISMATCH: the call's RPC version is not one the server speaks.</summary>
    /// <param name="xid">The call's xid.</param>
    /// <param name="low">The lowest RPC version supported (2).</param>
    /// <param name="high">The highest RPC version supported (2).</param>
    /// <returns>The header.</returns>
    public static ReplyHeader RpcMismatch(uint xid, uint low = RpcProtocol.Version, uint high = RpcProtocol.Version) =>
        new(xid, ReplyStatus.Denied, default, default, RejectStatus.RpcMismatch, new MismatchInfo(low, high), default);

    /// <summary>AUTH_ERROR: the server refused the call's credentials.</summary>
    /// <param name="xid">The call's xid.</param>
    /// <param name="authStat">Why.</param>
    /// <returns>The header.</returns>
    public static ReplyHeader AuthError(uint xid, AuthStat authStat) =>
        new(xid, ReplyStatus.Denied, default, default, RejectStatus.AuthError, default, authStat);

    /// <summary>Writes the header: xid, REPLY, reply_stat and the rest of the reply body short of the results.</summary>
    /// <param name="writer">The writer.</param>
    public void Write(ref XdrWriter writer)
    {
        new RpcMessageHeader(Xid, MessageType.Reply).Write(ref writer);
        writer.WriteInt32((int)Status);
        if (Status == ReplyStatus.Accepted)
        {
            Verifier.Write(ref writer);
            writer.WriteInt32((int)AcceptStatus);
            if (AcceptStatus == AcceptStatus.ProgMismatch)
            {
                writer.WriteUInt32(Mismatch.Low);
                writer.WriteUInt32(Mismatch.High);
            }
        }
        else
        {
            writer.WriteInt32((int)RejectStatus);
            if (RejectStatus == RejectStatus.RpcMismatch)
            {
                writer.WriteUInt32(Mismatch.Low);
                writer.WriteUInt32(Mismatch.High);
            }
            else
            {
                writer.WriteInt32((int)AuthStat);
            }
        }
    }

    /// <summary>Reads a whole reply header, from the xid on.</summary>
    /// <param name="reader">The reader, at the start of the message; afterwards at the results.</param>
    /// <returns>The header.</returns>
    /// <exception cref="XdrFormatException">The message is malformed or is a call.</exception>
    public static ReplyHeader Read(ref XdrReader reader)
    {
        int offset = reader.Position;
        RpcMessageHeader header = RpcMessageHeader.Read(ref reader);
        if (header.Type != MessageType.Reply)
        {
            throw new XdrFormatException(XdrError.InvalidDiscriminant, offset + 4, "expected a REPLY message, found a CALL.");
        }

        return ReadBody(header.Xid, ref reader);
    }

    /// <summary>Reads the <c>reply_body</c> after an <see cref="RpcMessageHeader"/> of type REPLY.</summary>
    /// <param name="xid">The xid read with the message header.</param>
    /// <param name="reader">The reader, after the message type; afterwards at the results.</param>
    /// <returns>The header.</returns>
    /// <exception cref="XdrFormatException">
    /// The body is malformed: an unknown reply_stat, accept_stat or reject_stat, a verifier over 400 bytes, or truncation.
    /// AUTH_ERROR's auth_stat is open-ended and any value is accepted.
    /// </exception>
    public static ReplyHeader ReadBody(uint xid, ref XdrReader reader)
    {
        int offset = reader.Position;
        int status = reader.ReadInt32();
        switch (status)
        {
            case (int)ReplyStatus.Accepted:
                OpaqueAuth verifier = OpaqueAuth.Read(ref reader);
                int acceptOffset = reader.Position;
                var acceptStatus = (AcceptStatus)reader.ReadInt32();
                if ((uint)acceptStatus > (uint)AcceptStatus.SystemErr)
                {
                    throw new XdrFormatException(XdrError.InvalidEnumValue, acceptOffset, $"the accept status is {(int)acceptStatus}; only 0 to 5 exist.");
                }

                MismatchInfo versions = acceptStatus == AcceptStatus.ProgMismatch
                    ? new MismatchInfo(reader.ReadUInt32(), reader.ReadUInt32())
                    : default;
                return new ReplyHeader(xid, ReplyStatus.Accepted, verifier, acceptStatus, default, versions, default);

            case (int)ReplyStatus.Denied:
                int rejectOffset = reader.Position;
                int rejectStatus = reader.ReadInt32();
                switch (rejectStatus)
                {
                    case (int)RejectStatus.RpcMismatch:
                        var rpcVersions = new MismatchInfo(reader.ReadUInt32(), reader.ReadUInt32());
                        return new ReplyHeader(xid, ReplyStatus.Denied, default, default, RejectStatus.RpcMismatch, rpcVersions, default);
                    case (int)RejectStatus.AuthError:
                        var authStat = (AuthStat)reader.ReadInt32();
                        return new ReplyHeader(xid, ReplyStatus.Denied, default, default, RejectStatus.AuthError, default, authStat);
                    default:
                        throw new XdrFormatException(XdrError.InvalidDiscriminant, rejectOffset, $"the reject status is {rejectStatus}; only RPC_MISMATCH (0) and AUTH_ERROR (1) exist.");
                }

            default:
                throw new XdrFormatException(XdrError.InvalidDiscriminant, offset, $"the reply status is {status}; only MSG_ACCEPTED (0) and MSG_DENIED (1) exist.");
        }
    }

    /// <inheritdoc/>
    public bool Equals(ReplyHeader other) =>
        Xid == other.Xid && Status == other.Status && Verifier == other.Verifier && AcceptStatus == other.AcceptStatus
        && RejectStatus == other.RejectStatus && Mismatch == other.Mismatch && AuthStat == other.AuthStat;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ReplyHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Xid, Status, Verifier, AcceptStatus, RejectStatus, Mismatch, AuthStat);

    /// <inheritdoc/>
    public override string ToString() => Status == ReplyStatus.Accepted
        ? AcceptStatus == AcceptStatus.ProgMismatch
            ? $"REPLY xid={Xid:x8} MSG_ACCEPTED PROG_MISMATCH low={Mismatch.Low} high={Mismatch.High}"
            : $"REPLY xid={Xid:x8} MSG_ACCEPTED {AcceptStatus} verf={Verifier}"
        : RejectStatus == RejectStatus.RpcMismatch
            ? $"REPLY xid={Xid:x8} MSG_DENIED RPC_MISMATCH low={Mismatch.Low} high={Mismatch.High}"
            : $"REPLY xid={Xid:x8} MSG_DENIED AUTH_ERROR {AuthStat}";

    /// <summary>Compares every field.</summary>
    /// <param name="left">One header.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when both are equal.</returns>
    public static bool operator ==(ReplyHeader left, ReplyHeader right) => left.Equals(right);

    /// <summary>Compares every field.</summary>
    /// <param name="left">One header.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when they differ.</returns>
    public static bool operator !=(ReplyHeader left, ReplyHeader right) => !left.Equals(right);
}
