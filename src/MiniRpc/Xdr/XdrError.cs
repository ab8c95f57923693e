namespace MiniRpc.Xdr;

/// <summary>What was wrong with malformed XDR input.</summary>
public enum XdrError
{
    /// <summary>The data ends before the item being read does.</summary>
    Truncated,

    /// <summary>A length or element count is larger than the maximum the type declares.</summary>
    LengthExceedsMaximum,

    /// <summary>A length or element count announces more bytes than remain in the message.</summary>
    LengthExceedsRemaining,

    /// <summary>A boolean is neither 0 nor 1 (RFC 4506 §4.4).</summary>
    InvalidBoolean,

    /// <summary>The padding after opaque data or a string is not zero (RFC 4506 §4.9-4.11).</summary>
    NonZeroPadding,

    /// <summary>An enumeration value that the enumeration does not declare (RFC 4506 §4.3).</summary>
    InvalidEnumValue,

    /// <summary>A union discriminant that selects no arm and there is no default arm (RFC 4506 §4.15).</summary>
    InvalidDiscriminant,

    /// <summary>A string's bytes are not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>Bytes remain after the last item the message should contain.</summary>
    TrailingBytes,

    /// <summary>Nested optional data or arrays go deeper than the reader allows.</summary>
    NestingTooDeep,

    /// <summary>
    /// An integer sent as 32 bits that does not fit the narrower type the schema declares (rpcgen's <c>short</c>,
    /// <c>char</c> and their unsigned forms).
    /// </summary>
    ValueOutOfRange,
}
