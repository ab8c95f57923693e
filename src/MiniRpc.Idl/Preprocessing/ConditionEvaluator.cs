using System;
using System.Collections.Generic;
using System.Globalization;

namespace MiniRpc.Idl.Preprocessing;

/// <summary>
/// Evaluates the expression of <c>#if</c>/<c>#elif</c> as cpp does: <c>defined NAME</c>, macros replaced by their
/// bodies, names that are not macros read as 0, and C's integer operators with C precedence.
/// </summary>
internal sealed class ConditionEvaluator
{
    private static readonly string[] s_punctuators =
    {
        "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "(", ")", "!", "~", "-", "+", "*", "/", "%", "<", ">", "&", "^", "|", "?", ":",
    };

    private readonly List<string> _tokens;
    private readonly Func<string, long?>? _identifierValue;
    private int _index;

    private ConditionEvaluator(List<string> tokens, Func<string, long?>? identifierValue)
    {
        _tokens = tokens;
        _identifierValue = identifierValue;
    }

    /// <summary>Evaluates <paramref name="expression"/> as <c>#if</c> does (names that are not macros read as 0).</summary>
    public static bool TryEvaluate(string expression, IReadOnlyDictionary<string, Macro> macros, out long value, out string? error) =>
        TryEvaluate(expression, macros, null, out value, out error);

    /// <summary>
    /// Evaluates <paramref name="expression"/>; a name that is not a macro is looked up with
    /// <paramref name="identifierValue"/> (or read as 0 when it is <see langword="null"/>). On failure returns
    /// <see langword="false"/> and says why.
    /// </summary>
    public static bool TryEvaluate(
        string expression,
        IReadOnlyDictionary<string, Macro> macros,
        Func<string, long?>? identifierValue,
        out long value,
        out string? error)
    {
        value = 0;
        try
        {
            List<string> tokens = Expand(Tokenize(expression), macros, new HashSet<string>(StringComparer.Ordinal));
            if (tokens.Count == 0)
            {
                error = "the expression is empty";
                return false;
            }

            var evaluator = new ConditionEvaluator(tokens, identifierValue);
            value = evaluator.ParseConditional();
            if (evaluator._index != tokens.Count)
            {
                error = $"unexpected '{tokens[evaluator._index]}'";
                return false;
            }

            error = null;
            return true;
        }
        catch (FormatException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text.Substring(start, i - start));
                continue;
            }

            string? punctuator = null;
            foreach (string candidate in s_punctuators)
            {
                if (string.CompareOrdinal(text, i, candidate, 0, candidate.Length) == 0)
                {
                    punctuator = candidate;
                    break;
                }
            }

            if (punctuator is null)
            {
                throw new FormatException($"unexpected character '{c}'");
            }

            tokens.Add(punctuator);
            i += punctuator.Length;
        }

        return tokens;
    }

    private static List<string> Expand(List<string> tokens, IReadOnlyDictionary<string, Macro> macros, HashSet<string> expanding)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (token == "defined")
            {
                bool parenthesized = i + 1 < tokens.Count && tokens[i + 1] == "(";
                int nameIndex = parenthesized ? i + 2 : i + 1;
                if (nameIndex >= tokens.Count || !IsIdentifier(tokens[nameIndex]))
                {
                    throw new FormatException("'defined' needs a macro name");
                }

                if (parenthesized && (nameIndex + 1 >= tokens.Count || tokens[nameIndex + 1] != ")"))
                {
                    throw new FormatException("missing ')' after 'defined(NAME'");
                }

                result.Add(macros.ContainsKey(tokens[nameIndex]) ? "1" : "0");
                i = parenthesized ? nameIndex + 1 : nameIndex;
            }
            else if (IsIdentifier(token) && !expanding.Contains(token) && macros.TryGetValue(token, out Macro? macro))
            {
                expanding.Add(token);
                result.AddRange(Expand(Tokenize(macro.Body), macros, expanding));
                expanding.Remove(token);
            }
            else
            {
                result.Add(token);
            }
        }

        return result;
    }

    private static bool IsIdentifier(string token) => char.IsLetter(token[0]) || token[0] == '_';

    private static readonly string[][] s_binaryLevels =
    {
        new[] { "||" },
        new[] { "&&" },
        new[] { "|" },
        new[] { "^" },
        new[] { "&" },
        new[] { "==", "!=" },
        new[] { "<", ">", "<=", ">=" },
        new[] { "<<", ">>" },
        new[] { "+", "-" },
        new[] { "*", "/", "%" },
    };

    private long ParseConditional()
    {
        long condition = ParseBinary(0);
        if (Accept("?"))
        {
            long whenTrue = ParseConditional();
            Expect(":");
            long whenFalse = ParseConditional();
            return condition != 0 ? whenTrue : whenFalse;
        }

        return condition;
    }

    private long ParseBinary(int level)
    {
        if (level == s_binaryLevels.Length)
        {
            return ParseUnary();
        }

        long left = ParseBinary(level + 1);
        while (_index < _tokens.Count && Array.IndexOf(s_binaryLevels[level], _tokens[_index]) >= 0)
        {
            string op = _tokens[_index++];
            long right = ParseBinary(level + 1);
            left = Apply(op, left, right);
        }

        return left;
    }

    private static long Apply(string op, long left, long right)
    {
        unchecked
        {
            switch (op)
            {
                case "||": return left != 0 || right != 0 ? 1 : 0;
                case "&&": return left != 0 && right != 0 ? 1 : 0;
                case "|": return left | right;
                case "^": return left ^ right;
                case "&": return left & right;
                case "==": return left == right ? 1 : 0;
                case "!=": return left != right ? 1 : 0;
                case "<": return left < right ? 1 : 0;
                case ">": return left > right ? 1 : 0;
                case "<=": return left <= right ? 1 : 0;
                case ">=": return left >= right ? 1 : 0;
                case "<<": return left << (int)right;
                case ">>": return left >> (int)right;
                case "+": return left + right;
                case "-": return left - right;
                case "*": return left * right;
                default:
                    if (right == 0)
                    {
                        throw new FormatException("division by zero");
                    }

                    return op == "/" ? left / right : left % right;
            }
        }
    }

    private long ParseUnary()
    {
        if (_index >= _tokens.Count)
        {
            throw new FormatException("the expression ends too early");
        }

        string token = _tokens[_index++];
        switch (token)
        {
            case "!":
                return ParseUnary() == 0 ? 1 : 0;
            case "~":
                return ~ParseUnary();
            case "-":
                return unchecked(-ParseUnary());
            case "+":
                return ParseUnary();
            case "(":
                long inner = ParseConditional();
                Expect(")");
                return inner;
        }

        if (IsIdentifier(token))
        {
            if (_identifierValue is null)
            {
                // cpp: an identifier that is not a macro evaluates to 0.
                return 0;
            }

            return _identifierValue(token) ?? throw new FormatException($"'{token}' is not defined");
        }

        return ParseNumber(token);
    }

    private static long ParseNumber(string token)
    {
        string digits = token.TrimEnd('u', 'U', 'l', 'L');
        bool parsed;
        long value;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            parsed = long.TryParse(digits.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            parsed = true;
            value = 0;
            foreach (char c in digits)
            {
                if (c < '0' || c > '7')
                {
                    parsed = false;
                    break;
                }

                value = unchecked((value * 8) + (c - '0'));
            }
        }
        else
        {
            parsed = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (!parsed)
        {
            throw new FormatException($"'{token}' is not a number");
        }

        return value;
    }

    private bool Accept(string token)
    {
        if (_index < _tokens.Count && _tokens[_index] == token)
        {
            _index++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"expected '{token}'");
        }
    }
}
