namespace MiniRpc.Xdr;

/// <summary>Writes one value of type <typeparamref name="T"/> as XDR. Used for array elements and optional data.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <param name="writer">The writer to append to.</param>
/// <param name="value">The value.</param>
public delegate void XdrEncoder<T>(ref XdrWriter writer, T value);

/// <summary>Reads one value of type <typeparamref name="T"/> from XDR. Used for array elements and optional data.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <param name="reader">The reader to consume from.</param>
/// <returns>The value.</returns>
public delegate T XdrDecoder<T>(ref XdrReader reader);
