using System;

namespace MiniRpc.Xdr;

public ref partial struct XdrWriter
{
    /// <summary>
    /// Writes the element count of a variable-length array (RFC 4506 §4.13), checked against its bound.
    /// Generated code calls this and then writes the elements itself.
    /// </summary>
    /// <param name="count">The number of elements that follow.</param>
    /// <param name="maxLength">The declared bound (<c>T name&lt;max&gt;</c>), or <see cref="XdrSize.Unbounded"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="count"/> is negative or over <paramref name="maxLength"/>.</exception>
    public void WriteArrayLength(int count, uint maxLength = XdrSize.Unbounded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((uint)count > maxLength)
        {
            ThrowHelper.ThrowOverBound("array", "elements", count, maxLength);
        }

        WriteUInt32((uint)count);
    }

    /// <summary>Writes a fixed-length array: the elements one after the other, with no count (RFC 4506 §4.12).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <param name="declaredLength">The length the <c>.x</c> file declares.</param>
    /// <param name="encode">Writes one element.</param>
    /// <exception cref="ArgumentException"><paramref name="items"/> does not have exactly <paramref name="declaredLength"/> elements.</exception>
    public void WriteFixedArray<T>(scoped ReadOnlySpan<T> items, int declaredLength, XdrEncoder<T> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        if (items.Length != declaredLength)
        {
            ThrowHelper.ThrowFixedLengthMismatch("array", "elements", items.Length, declaredLength);
        }

        foreach (T item in items)
        {
            encode(ref this, item);
        }
    }

    /// <summary>Writes a variable-length array: the count, then the elements (RFC 4506 §4.13).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <param name="maxLength">The declared bound, or <see cref="XdrSize.Unbounded"/>.</param>
    /// <param name="encode">Writes one element.</param>
    /// <exception cref="ArgumentException"><paramref name="items"/> has more than <paramref name="maxLength"/> elements.</exception>
    public void WriteVariableArray<T>(scoped ReadOnlySpan<T> items, uint maxLength, XdrEncoder<T> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        WriteArrayLength(items.Length, maxLength);
        foreach (T item in items)
        {
            encode(ref this, item);
        }
    }

    /// <summary>
    /// Writes optional data (<c>T *name</c>, RFC 4506 §4.19): FALSE for null, else TRUE and the value.
    /// </summary>
    /// <typeparam name="T">A reference type.</typeparam>
    /// <param name="value">The value, or null.</param>
    /// <param name="encode">Writes the value when there is one.</param>
    public void WriteOptional<T>(T? value, XdrEncoder<T> encode)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(encode);
        WriteBoolean(value is not null);
        if (value is not null)
        {
            encode(ref this, value);
        }
    }

    /// <summary>Writes optional data of a value type (<c>int *name</c>): FALSE for null, else TRUE and the value.</summary>
    /// <typeparam name="T">A value type.</typeparam>
    /// <param name="value">The value, or null.</param>
    /// <param name="encode">Writes the value when there is one.</param>
    public void WriteOptionalValue<T>(T? value, XdrEncoder<T> encode)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(encode);
        WriteBoolean(value.HasValue);
        if (value.HasValue)
        {
            encode(ref this, value.GetValueOrDefault());
        }
    }
}
