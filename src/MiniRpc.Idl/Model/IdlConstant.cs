namespace MiniRpc.Idl.Model;

/// <summary>A <c>const NAME = value;</c> definition (RFC 4506 §6.3), its value resolved.</summary>
/// <param name="Name">The constant's name.</param>
/// <param name="Value">
/// The value. <see cref="decimal"/> holds every value the language allows exactly, from -2^63 up to 2^64-1
/// (NFSv4 defines <c>NFS4_UINT64_MAX = 0xffffffffffffffff</c>).
/// </param>
/// <param name="Text">The value as written: a literal such as <c>0x7fffffff</c>, or the name of another constant.</param>
/// <param name="Location">The location of the name.</param>
public sealed record IdlConstant(string Name, decimal Value, string Text, SourceLocation Location)
{
    /// <summary>
    /// Gets a value indicating whether the constant is a string in double quotes (rpcgen accepts
    /// <c>const HEXMODULUS = "d4a0...";</c>); <see cref="Value"/> is then 0 and <see cref="Text"/> holds the quoted string.
    /// </summary>
    public bool IsString => Text.Length > 0 && Text[0] == '"';
}
