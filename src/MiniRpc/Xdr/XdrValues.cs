using System;
using System.Collections.Generic;

namespace MiniRpc.Xdr;

/// <summary>Helpers for generated types: filled fixed-length arrays and value equality of arrays.</summary>
public static class XdrValues
{
    /// <summary>A fixed-length array whose elements are made by <paramref name="create"/>, so that none is null.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">The declared length.</param>
    /// <param name="create">Makes one default element.</param>
    /// <returns>The array.</returns>
    public static T[] CreateArray<T>(int length, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var items = new T[length];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = create();
        }

        return items;
    }

    /// <summary>Element-by-element equality of two arrays (XDR values compare by content, not by reference).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="left">One array, or null.</param>
    /// <param name="right">The other, or null.</param>
    /// <returns>True when both are null or have equal elements.</returns>
    public static bool ArrayEquals<T>(T[]? left, T[]? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Length != right.Length)
        {
            return false;
        }

        if (typeof(T) == typeof(byte))
        {
            return ((byte[])(object)left).AsSpan().SequenceEqual((byte[])(object)right);
        }

        EqualityComparer<T> comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < left.Length; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash of an array's elements, consistent with <see cref="ArrayEquals{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The array, or null.</param>
    /// <returns>The hash.</returns>
    public static int ArrayHash<T>(T[]? items)
    {
        if (items is null)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.Add(items.Length);
        if (items is byte[] bytes)
        {
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }

        foreach (T item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
