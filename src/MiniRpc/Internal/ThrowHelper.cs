using System;
using System.Diagnostics.CodeAnalysis;
using MiniRpc.Xdr;

namespace MiniRpc;

/// <summary>Throw sites kept out of hot methods so that those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowMalformed(XdrError error, int offset, string detail) =>
        throw new XdrFormatException(error, offset, detail);

    [DoesNotReturn]
    public static void ThrowDestinationTooSmall(int capacity, int needed) =>
        throw new InvalidOperationException($"The destination span of {capacity} bytes is too small: the XDR item needs {needed} bytes in all.");

    [DoesNotReturn]
    public static void ThrowBufferWriterTooSmall(int requested, int given) =>
        throw new InvalidOperationException($"The buffer writer returned a span of {given} bytes when at least {requested} were requested.");

    [DoesNotReturn]
    public static void ThrowEnumNotInt32(Type type) =>
        throw new ArgumentException($"XDR enumerations are 32-bit integers; {type} has another underlying type.");

    [DoesNotReturn]
    public static void ThrowOverBound(string what, string unit, long length, uint maxLength) =>
        throw new ArgumentException($"The {what} has {length} {unit}, over its declared maximum of {maxLength}.");

    [DoesNotReturn]
    public static void ThrowFixedLengthMismatch(string what, string unit, int length, int declaredLength) =>
        throw new ArgumentException($"The fixed-length {what} has {length} {unit} where {declaredLength} are declared.");

    [DoesNotReturn]
    public static void ThrowInvalidUtf16() =>
        throw new ArgumentException("The string holds a lone surrogate, which has no UTF-8 form.");
}
