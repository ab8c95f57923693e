namespace MiniRpc.Xdr;

public ref partial struct XdrReader
{
    /// <summary>Reads rpcgen's <c>short</c>: a 32-bit integer that must fit in 16 bits.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Truncated, or the value does not fit.</exception>
    public short ReadInt16() => (short)ReadRanged(short.MinValue, short.MaxValue, "short");

    /// <summary>Reads rpcgen's <c>unsigned short</c>: an unsigned 32-bit integer that must fit in 16 bits.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Truncated, or the value does not fit.</exception>
    public ushort ReadUInt16() => (ushort)ReadRanged(ushort.MinValue, ushort.MaxValue, "unsigned short");

    /// <summary>Reads rpcgen's <c>char</c>: a 32-bit integer that must fit in a signed byte.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Truncated, or the value does not fit.</exception>
    public sbyte ReadSByte() => (sbyte)ReadRanged(sbyte.MinValue, sbyte.MaxValue, "char");

    /// <summary>Reads rpcgen's <c>unsigned char</c>: an unsigned 32-bit integer that must fit in a byte.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrFormatException">Truncated, or the value does not fit.</exception>
    public byte ReadByte() => (byte)ReadRanged(byte.MinValue, byte.MaxValue, "unsigned char");

    private long ReadRanged(long min, long max, string type)
    {
        int offset = _position;

        // Signed types are sent sign-extended (xdr_short), unsigned ones zero-extended (xdr_u_short).
        long value = min < 0 ? ReadInt32() : ReadUInt32();
        if (value < min || value > max)
        {
            ThrowHelper.ThrowMalformed(XdrError.ValueOutOfRange, offset, $"{value} does not fit in {type}.");
        }

        return value;
    }
}
