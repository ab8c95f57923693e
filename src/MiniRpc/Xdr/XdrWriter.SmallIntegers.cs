namespace MiniRpc.Xdr;

public ref partial struct XdrWriter
{
    /// <summary>Writes rpcgen's <c>short</c> as a sign-extended 32-bit integer (xdr_short).</summary>
    /// <param name="value">The value.</param>
    public void WriteInt16(short value) => WriteInt32(value);

    /// <summary>Writes rpcgen's <c>unsigned short</c> as an unsigned 32-bit integer (xdr_u_short).</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt16(ushort value) => WriteUInt32(value);

    /// <summary>Writes rpcgen's <c>char</c> as a sign-extended 32-bit integer (xdr_char).</summary>
    /// <param name="value">The value.</param>
    public void WriteSByte(sbyte value) => WriteInt32(value);

    /// <summary>Writes rpcgen's <c>unsigned char</c> as an unsigned 32-bit integer (xdr_u_char).</summary>
    /// <param name="value">The value.</param>
    public void WriteByte(byte value) => WriteUInt32(value);
}
