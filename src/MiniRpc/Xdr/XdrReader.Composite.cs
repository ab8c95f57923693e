using System;

namespace MiniRpc.Xdr;

public ref partial struct XdrReader
{
    /// <summary>
    /// Reads the element count of a variable-length array (RFC 4506 §4.13) and checks it against the declared bound
    /// and against the bytes that remain, so that the caller can allocate the array safely.
    /// </summary>
    /// <param name="maxLength">The declared bound, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <param name="minElementSize">
    /// The fewest bytes one element can occupy on the wire: 4 for every XDR type except those that can encode to
    /// nothing (<c>opaque x[0]</c>); with 0 only <paramref name="maxLength"/> bounds the count.
    /// </param>
    /// <returns>The element count.</returns>
    /// <exception cref="XdrFormatException">The count is over <paramref name="maxLength"/>, or its elements cannot fit in what remains.</exception>
    public int ReadArrayLength(uint maxLength = XdrSize.Unbounded, int minElementSize = XdrSize.Unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minElementSize);
        int offset = _position;
        uint count = ReadUInt32();
        if (count > maxLength)
        {
            ThrowHelper.ThrowMalformed(XdrError.LengthExceedsMaximum, offset, $"an array of {count} elements exceeds its maximum of {maxLength}.");
        }

        if ((long)count * minElementSize > Remaining || count > int.MaxValue)
        {
            ThrowHelper.ThrowMalformed(XdrError.LengthExceedsRemaining, offset, $"an array of {count} elements of at least {minElementSize} bytes each but {Remaining} bytes remain.");
        }

        return (int)count;
    }

    /// <summary>Reads a fixed-length array (RFC 4506 §4.12).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">The length the <c>.x</c> file declares.</param>
    /// <param name="decode">Reads one element.</param>
    /// <param name="minElementSize">The fewest bytes one element occupies; see <see cref="ReadArrayLength"/>.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="XdrFormatException">The elements cannot fit in what remains, or one of them is malformed.</exception>
    public T[] ReadFixedArray<T>(int length, XdrDecoder<T> decode, int minElementSize = XdrSize.Unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(minElementSize);
        ArgumentNullException.ThrowIfNull(decode);
        if ((long)length * minElementSize > Remaining)
        {
            ThrowHelper.ThrowMalformed(XdrError.Truncated, _position, $"a fixed array of {length} elements of at least {minElementSize} bytes each but {Remaining} bytes remain.");
        }

        return ReadElements(length, decode);
    }

    /// <summary>Reads a variable-length array (RFC 4506 §4.13): the count, checked first, then the elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="maxLength">The declared bound, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <param name="decode">Reads one element.</param>
    /// <param name="minElementSize">The fewest bytes one element occupies; see <see cref="ReadArrayLength"/>.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="XdrFormatException">The count is over its bound or what remains, or an element is malformed.</exception>
    public T[] ReadVariableArray<T>(uint maxLength, XdrDecoder<T> decode, int minElementSize = XdrSize.Unit)
    {
        ArgumentNullException.ThrowIfNull(decode);
        int count = ReadArrayLength(maxLength, minElementSize);
        return ReadElements(count, decode);
    }

    /// <summary>
    /// Reads optional data (<c>T *name</c>, RFC 4506 §4.19): a boolean, then the value when it is TRUE.
    /// Counts as one level of nesting, so that a recursive type such as a linked list cannot exhaust the stack.
    /// </summary>
    /// <typeparam name="T">A reference type.</typeparam>
    /// <param name="decode">Reads the value.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="XdrFormatException">The flag is not a boolean, the value is malformed, or nesting is too deep.</exception>
    public T? ReadOptional<T>(XdrDecoder<T> decode)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(decode);
        if (!ReadBoolean())
        {
            return null;
        }

        EnterNested();
        T value = decode(ref this);
        ExitNested();
        return value;
    }

    /// <summary>Reads optional data of a value type (<c>int *name</c>): a boolean, then the value when it is TRUE.</summary>
    /// <typeparam name="T">A value type.</typeparam>
    /// <param name="decode">Reads the value.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="XdrFormatException">The flag is not a boolean or the value is malformed.</exception>
    public T? ReadOptionalValue<T>(XdrDecoder<T> decode)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(decode);
        return ReadBoolean() ? decode(ref this) : null;
    }

    private T[] ReadElements<T>(int count, XdrDecoder<T> decode)
    {
        if (count == 0)
        {
            return [];
        }

        EnterNested();
        var items = new T[count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = decode(ref this);
        }

        ExitNested();
        return items;
    }
}
