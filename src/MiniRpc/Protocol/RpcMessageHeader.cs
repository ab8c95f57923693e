using MiniRpc.Xdr;

namespace MiniRpc.Protocol;

/// <summary>
/// The first two words of every RPC message: the transaction id and whether a call or a reply follows
/// (<c>struct rpc_msg</c>, RFC 5531 §9).
/// </summary>
/// <param name="Xid">The transaction id; a reply carries its call's.</param>
/// <param name="Type">Call or reply.</param>
public readonly record struct RpcMessageHeader(uint Xid, MessageType Type)
{
    /// <summary>The size of the header on the wire.</summary>
    public const int EncodedLength = 8;

    /// <summary>Writes the xid and the message type.</summary>
    /// <param name="writer">The writer.</param>
    public void Write(ref XdrWriter writer)
    {
        writer.WriteUInt32(Xid);
        writer.WriteInt32((int)Type);
    }

    /// <summary>Reads the xid and the message type.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The header.</returns>
    /// <exception cref="XdrFormatException">The message is shorter than 8 bytes or its type is neither CALL nor REPLY.</exception>
    public static RpcMessageHeader Read(ref XdrReader reader)
    {
        uint xid = reader.ReadUInt32();
        int offset = reader.Position;
        int type = reader.ReadInt32();
        if (type is not ((int)MessageType.Call or (int)MessageType.Reply))
        {
            throw new XdrFormatException(XdrError.InvalidDiscriminant, offset, $"the message type is {type}; only CALL (0) and REPLY (1) exist.");
        }

        return new RpcMessageHeader(xid, (MessageType)type);
    }
}
