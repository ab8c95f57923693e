namespace MiniRpc.Idl.Syntax;

/// <summary>Reads the integer literals of RFC 4506 §6.3 (decimal, <c>0x</c> hexadecimal, <c>0</c> octal, optional '-').</summary>
internal static class IntegerLiteral
{
    private const ulong MaxNegativeMagnitude = 9223372036854775808UL;

    /// <summary>Returns the value, or <see langword="null"/> when the text is malformed or outside [-2^63, 2^64-1].</summary>
    public static decimal? TryParse(string text)
    {
        bool negative = text.Length > 0 && text[0] == '-';
        int start = negative ? 1 : 0;
        int radix = 10;
        if (text.Length - start > 2 && text[start] == '0' && (text[start + 1] == 'x' || text[start + 1] == 'X'))
        {
            radix = 16;
            start += 2;
        }
        else if (text.Length - start > 1 && text[start] == '0')
        {
            radix = 8;
            start += 1;
        }

        if (start >= text.Length)
        {
            return null;
        }

        ulong magnitude = 0;
        for (int i = start; i < text.Length; i++)
        {
            int digit = DigitValue(text[i]);
            if (digit < 0 || digit >= radix)
            {
                return null;
            }

            if (magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return null;
            }

            magnitude = (magnitude * (ulong)radix) + (ulong)digit;
        }

        if (negative)
        {
            return magnitude > MaxNegativeMagnitude ? null : -(decimal)magnitude;
        }

        return magnitude;
    }

    private static int DigitValue(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }
}
