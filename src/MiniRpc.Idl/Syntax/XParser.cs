using System.Collections.Generic;
using System.Linq;
using MiniRpc.Idl.Preprocessing;
using Sprache;

namespace MiniRpc.Idl.Syntax;

/// <summary>
/// Reads the definitions of a preprocessed text one at a time. After a syntax error it reports MRPC001 at the token
/// where the grammar failed, skips to the end of the broken definition and goes on, so one run reports every
/// broken definition.
/// </summary>
internal static class XParser
{
    private const int MaxSyntaxErrors = 100;

    private static readonly HashSet<string> s_definitionKeywords = new HashSet<string>
    {
        "const", "typedef", "enum", "struct", "union", "program",
    };

    public static SpecificationSyntax Parse(string text, SourceMap map, DiagnosticBag diagnostics)
    {
        var definitions = new List<DefinitionSyntax>();
        var brokenNames = new HashSet<string>(System.StringComparer.Ordinal);
        int errors = 0;
        IInput input = XGrammar.SkipWhitespace(new Input(text));
        while (!input.AtEnd)
        {
            IResult<DefinitionSyntax> result = XGrammar.Definition(input);
            if (result.WasSuccessful)
            {
                definitions.Add(result.Value);
                input = result.Remainder;
                continue;
            }

            IInput failure = result.Remainder;
            diagnostics.Add(
                IdlDiagnosticIds.SyntaxError,
                map.Map(failure.Line, failure.Column),
                FormatMessage(failure, result.Expectations, result.Message));

            IResult<string> header = XGrammar.DefinitionHeader(input);
            if (header.WasSuccessful)
            {
                brokenNames.Add(header.Value);
            }

            if (++errors >= MaxSyntaxErrors)
            {
                break;
            }

            input = XGrammar.SkipWhitespace(Recover(text, input, failure));
        }

        return new SpecificationSyntax(definitions, brokenNames);
    }

    /// <summary>
    /// Finds where the next definition probably starts: after the first ';' outside braces, counted from the start
    /// of the broken definition, that lies at or after the failure; or at a definition keyword in column 1 after
    /// the failure (which survives a missing '}' or ';').
    /// </summary>
    private static IInput Recover(string text, IInput start, IInput failure)
    {
        int depth = 0;
        IInput current = start;
        while (!current.AtEnd)
        {
            char c = current.Current;
            bool pastFailure = current.Position >= failure.Position;
            if (pastFailure && current.Position > start.Position && current.Column == 1 && XGrammar.IsWordStart(c))
            {
                int end = current.Position;
                while (end < text.Length && XGrammar.IsWordPart(text[end]))
                {
                    end++;
                }

                if (s_definitionKeywords.Contains(text.Substring(current.Position, end - current.Position)))
                {
                    return current;
                }
            }

            current = current.Advance();
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = depth > 0 ? depth - 1 : 0;
            }
            else if (c == ';' && depth == 0 && pastFailure)
            {
                return current;
            }
        }

        return current;
    }

    private static string FormatMessage(IInput failure, IEnumerable<string> expectations, string message)
    {
        string found = Describe(failure);
        List<string> expected = expectations.Distinct().ToList();
        if (expected.Count == 0)
        {
            return $"Unexpected {found}: {message}";
        }

        string list = expected.Count == 1
            ? expected[0]
            : string.Join(", ", expected.Take(expected.Count - 1)) + " or " + expected[expected.Count - 1];
        return $"Unexpected {found}; expected {list}.";
    }

    private static string Describe(IInput input)
    {
        if (input.AtEnd)
        {
            return "end of file";
        }

        string source = input.Source;
        int start = input.Position;
        int end = start;
        while (end < source.Length && XGrammar.IsWordPart(source[end]))
        {
            end++;
        }

        if (end == start)
        {
            return $"'{source[start]}'";
        }

        string word = source.Substring(start, end - start);
        return XGrammar.IsKeyword(word) ? $"keyword '{word}'" : $"'{word}'";
    }
}
