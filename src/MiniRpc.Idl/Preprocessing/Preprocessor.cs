using System;
using System.Collections.Generic;
using System.Text;
using MiniRpc.Idl.Model;

namespace MiniRpc.Idl.Preprocessing;

/// <summary>
/// Does what <c>cpp</c> does for rpcgen before the grammar sees the text: comments, <c>#include</c>,
/// <c>#define</c>/<c>#undef</c> (object-like), <c>#if</c>/<c>#ifdef</c>/<c>#ifndef</c>/<c>#elif</c>/<c>#else</c>/<c>#endif</c>,
/// <c>#error</c>/<c>#warning</c>; and what rpcgen's scanner does with a <c>%</c> in column 1: the rest of the line is C
/// for rpcgen's output, kept in the model and never parsed.
/// </summary>
/// <remarks>
/// Every input line gives exactly one output line (directives, <c>%</c> lines and skipped lines become empty, comments
/// become spaces), and an included file's lines take the place of the <c>#include</c> line, so a
/// <see cref="SourceMap"/> of segments is enough to find the file, line and column of any output position.
/// </remarks>
internal sealed class Preprocessor
{
    private readonly IIncludeResolver? _resolver;
    private readonly IdlOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, Macro> _macros = new Dictionary<string, Macro>(StringComparer.Ordinal);
    private readonly StringBuilder _output = new StringBuilder();
    private readonly SourceMap _map = new SourceMap();
    private readonly List<IdlPassThrough> _passThrough = new List<IdlPassThrough>();
    private readonly List<string> _includeStack = new List<string>();
    private readonly List<string> _includedFiles = new List<string>();
    private int _outputLine;

    private Preprocessor(IIncludeResolver? resolver, IdlOptions options, DiagnosticBag diagnostics)
    {
        _resolver = resolver;
        _options = options;
        _diagnostics = diagnostics;
    }

    public static PreprocessedSource Run(string filePath, string text, IIncludeResolver? resolver, IdlOptions options, DiagnosticBag diagnostics)
    {
        var preprocessor = new Preprocessor(resolver, options, diagnostics);
        foreach (string define in options.Defines)
        {
            int equals = define.IndexOf('=');
            string name = (equals < 0 ? define : define.Substring(0, equals)).Trim();
            string body = equals < 0 ? "1" : define.Substring(equals + 1).Trim();
            if (name.Length > 0)
            {
                preprocessor._macros[name] = new Macro(name, body);
            }
        }

        preprocessor.ProcessFile(filePath, text);
        return new PreprocessedSource(preprocessor._output.ToString(), preprocessor._map, preprocessor._passThrough, preprocessor._includedFiles);
    }

    private void ProcessFile(string path, string text)
    {
        _includeStack.Add(path);
        string[] lines = SplitLines(text);
        var conditions = new Stack<ConditionFrame>();
        var comment = new CommentState();
        _map.StartSegment(_outputLine + 1, path, 1);

        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            int lineNumber = i + 1;
            bool active = conditions.Count == 0 || conditions.Peek().IsActive;

            // rpcgen's scanner: a '%' in column 1 (outside a comment) passes the rest of the line through to the C output.
            if (!comment.Open && line.Length > 0 && line[0] == '%')
            {
                // cpp splices a line that ends with '\\' to the next before rpcgen sees it (nis.x has such % lines).
                int spliced = 1;
                while (line.EndsWith("\\", StringComparison.Ordinal) && i + spliced < lines.Length)
                {
                    line = line.Substring(0, line.Length - 1) + lines[i + spliced];
                    spliced++;
                }

                if (active)
                {
                    _passThrough.Add(new IdlPassThrough(line.Substring(1), new SourceLocation(path, lineNumber, 1)));
                }

                for (int k = 0; k < spliced; k++)
                {
                    EmitLine(string.Empty);
                }

                i += spliced;
                continue;
            }

            int hash = FirstNonWhitespace(line);
            if (!comment.Open && hash >= 0 && line[hash] == '#')
            {
                int consumed = 1;
                string directive = line;
                while (directive.EndsWith("\\", StringComparison.Ordinal) && i + consumed < lines.Length)
                {
                    directive = directive.Substring(0, directive.Length - 1) + lines[i + consumed];
                    consumed++;
                }

                char[] buffer = directive.ToCharArray();
                BlankComments(buffer, ref comment, path, lineNumber);
                for (int k = 0; k < consumed; k++)
                {
                    EmitLine(string.Empty);
                }

                if (HandleDirective(path, lineNumber, hash, new string(buffer, hash + 1, buffer.Length - hash - 1), conditions, active))
                {
                    _map.StartSegment(_outputLine + 1, path, lineNumber + consumed);
                }

                i += consumed;
                continue;
            }

            char[] chars = line.ToCharArray();
            BlankComments(chars, ref comment, path, lineNumber);
            EmitLine(active ? Substitute(chars) : string.Empty);
            i++;
        }

        if (comment.Open)
        {
            _diagnostics.Add(IdlDiagnosticIds.UnterminatedComment, comment.Start!, "This comment is not closed: '*/' is missing before the end of the file.");
        }

        foreach (ConditionFrame frame in conditions)
        {
            _diagnostics.Add(IdlDiagnosticIds.UnbalancedConditional, frame.Location, "This conditional is not closed: '#endif' is missing before the end of the file.");
        }

        _includeStack.RemoveAt(_includeStack.Count - 1);
    }

    /// <returns><see langword="true"/> when an included file was read, so the caller starts a new map segment.</returns>
    private bool HandleDirective(string path, int lineNumber, int hashIndex, string text, Stack<ConditionFrame> conditions, bool active)
    {
        var location = new SourceLocation(path, lineNumber, hashIndex + 1);
        int position = SkipWhitespace(text, 0);
        int nameStart = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        string name = text.Substring(nameStart, position - nameStart);
        string argument = text.Substring(position).Trim();
        int argumentColumn = hashIndex + 2 + SkipWhitespace(text, position);

        switch (name)
        {
            case "ifdef":
            case "ifndef":
                bool defined = false;
                if (active)
                {
                    string? macroName = ReadIdentifier(argument);
                    if (macroName is null)
                    {
                        _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, $"'#{name}' needs a macro name.");
                    }
                    else
                    {
                        defined = _macros.ContainsKey(macroName);
                    }
                }

                conditions.Push(new ConditionFrame(active, name == "ifdef" ? defined : !defined, location));
                return false;

            case "if":
                conditions.Push(new ConditionFrame(active, active && Evaluate(argument, path, lineNumber, argumentColumn), location));
                return false;

            case "elif":
                if (!CheckOpen(conditions, name, location))
                {
                    return false;
                }

                ConditionFrame elifFrame = conditions.Peek();
                if (elifFrame.ParentActive && !elifFrame.BranchTaken && Evaluate(argument, path, lineNumber, argumentColumn))
                {
                    elifFrame.IsActive = true;
                    elifFrame.BranchTaken = true;
                }
                else
                {
                    elifFrame.IsActive = false;
                }

                return false;

            case "else":
                if (CheckOpen(conditions, name, location))
                {
                    ConditionFrame elseFrame = conditions.Peek();
                    elseFrame.IsActive = elseFrame.ParentActive && !elseFrame.BranchTaken;
                    elseFrame.BranchTaken = true;
                    elseFrame.SeenElse = true;
                }

                return false;

            case "endif":
                if (conditions.Count == 0)
                {
                    _diagnostics.Add(IdlDiagnosticIds.UnbalancedConditional, location, "'#endif' without a matching '#if'.");
                }
                else
                {
                    conditions.Pop();
                }

                return false;
        }

        if (!active)
        {
            // cpp ignores every other directive, even an unknown one, inside a skipped group.
            return false;
        }

        switch (name)
        {
            case "":
                if (argument.Length > 0 && !char.IsDigit(argument[0]))
                {
                    _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, $"'#{argument}' is not a preprocessor directive.");
                }

                // A null directive, or a line marker ('# 12 "file"') left by an earlier cpp run.
                return false;

            case "define":
                Define(argument, location);
                return false;

            case "undef":
                string? undefName = ReadIdentifier(argument);
                if (undefName is null)
                {
                    _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, "'#undef' needs a macro name.");
                }
                else
                {
                    _macros.Remove(undefName);
                }

                return false;

            case "include":
                return Include(path, argument, new SourceLocation(path, lineNumber, argumentColumn));

            case "error":
                _diagnostics.Add(IdlDiagnosticIds.ErrorDirective, location, $"#error {argument}".TrimEnd());
                return false;

            case "warning":
                _diagnostics.Add(IdlDiagnosticIds.WarningDirective, location, $"#warning {argument}".TrimEnd());
                return false;

            case "pragma":
            case "ident":
            case "sccs":
            case "line":
                return false;

            default:
                _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, $"'#{name}' is not a preprocessor directive MiniRpc knows.");
                return false;
        }
    }

    private bool CheckOpen(Stack<ConditionFrame> conditions, string name, SourceLocation location)
    {
        if (conditions.Count == 0)
        {
            _diagnostics.Add(IdlDiagnosticIds.UnbalancedConditional, location, $"'#{name}' without a matching '#if'.");
            return false;
        }

        if (conditions.Peek().SeenElse)
        {
            _diagnostics.Add(IdlDiagnosticIds.UnbalancedConditional, location, $"'#{name}' after '#else' in the same conditional.");
            return false;
        }

        return true;
    }

    private bool Evaluate(string expression, string path, int lineNumber, int column)
    {
        if (ConditionEvaluator.TryEvaluate(expression, _macros, out long value, out string? error))
        {
            return value != 0;
        }

        _diagnostics.Add(IdlDiagnosticIds.InvalidConditionExpression, new SourceLocation(path, lineNumber, column), $"Cannot evaluate the condition '{expression}': {error}.");
        return false;
    }

    private void Define(string argument, SourceLocation location)
    {
        string? name = ReadIdentifier(argument);
        if (name is null)
        {
            _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, "'#define' needs a macro name.");
            return;
        }

        if (argument.Length > name.Length && argument[name.Length] == '(')
        {
            _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, $"Function-like macro '{name}(...)' is not supported; define a constant with 'const' instead.");
            return;
        }

        string body = argument.Substring(name.Length).Trim();
        if (_macros.TryGetValue(name, out Macro? existing) && existing.Body != body)
        {
            _diagnostics.Add(IdlDiagnosticIds.MacroRedefined, location, $"Macro '{name}' is redefined: it was '{existing.Body}', it is now '{body}'.");
        }

        _macros[name] = new Macro(name, body);
    }

    private bool Include(string path, string argument, SourceLocation location)
    {
        string? includeName = null;
        if (argument.Length >= 2)
        {
            char close = argument[0] == '"' ? '"' : argument[0] == '<' ? '>' : '\0';
            int end = close == '\0' ? -1 : argument.IndexOf(close, 1);
            if (end > 1)
            {
                includeName = argument.Substring(1, end - 1);
            }
        }

        if (includeName is null)
        {
            _diagnostics.Add(IdlDiagnosticIds.InvalidDirective, location, "'#include' needs a file name: write '#include \"other.x\"'.");
            return false;
        }

        if (_includeStack.Count > _options.MaxIncludeDepth)
        {
            _diagnostics.Add(IdlDiagnosticIds.IncludeCycle, location, $"Includes nest deeper than {_options.MaxIncludeDepth} files at '{includeName}'.");
            return false;
        }

        IncludedFile? file = _resolver?.Resolve(path, includeName);
        if (file is null)
        {
            _diagnostics.Add(IdlDiagnosticIds.IncludeNotFound, location, $"Cannot find the included file '{includeName}'.");
            return false;
        }

        if (_includeStack.Contains(file.FilePath))
        {
            _diagnostics.Add(IdlDiagnosticIds.IncludeCycle, location, $"'{includeName}' includes itself through '{string.Join("' -> '", _includeStack)}'.");
            return false;
        }

        if (!_includedFiles.Contains(file.FilePath))
        {
            _includedFiles.Add(file.FilePath);
        }

        ProcessFile(file.FilePath, file.Text);
        return true;
    }

    /// <summary>Replaces macro names outside comments by their bodies (object-like macros only).</summary>
    private string Substitute(char[] line)
    {
        if (_macros.Count == 0)
        {
            return new string(line);
        }

        StringBuilder? builder = null;
        int copied = 0;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (char.IsDigit(c))
            {
                // A number such as 0x1F is one token; its letters are not names.
                while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] == '_'))
                {
                    i++;
                }

                continue;
            }

            if (!char.IsLetter(c) && c != '_')
            {
                i++;
                continue;
            }

            int start = i;
            while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] == '_'))
            {
                i++;
            }

            string word = new string(line, start, i - start);
            if (!_macros.ContainsKey(word))
            {
                continue;
            }

            builder ??= new StringBuilder(line.Length + 16);
            builder.Append(line, copied, start - copied);
            string replacement = Expand(word, new HashSet<string>(StringComparer.Ordinal));
            _map.AddShift(_outputLine + 1, new ColumnShift(builder.Length + 1, replacement.Length, start + 1, word.Length));
            builder.Append(replacement);
            copied = i;
        }

        if (builder is null)
        {
            return new string(line);
        }

        builder.Append(line, copied, line.Length - copied);
        return builder.ToString();
    }

    private string Expand(string name, HashSet<string> expanding)
    {
        if (!_macros.TryGetValue(name, out Macro? macro) || expanding.Contains(name))
        {
            return name;
        }

        expanding.Add(name);
        var builder = new StringBuilder();
        string body = macro.Body;
        int i = 0;
        while (i < body.Length)
        {
            if (char.IsLetter(body[i]) || body[i] == '_')
            {
                int start = i;
                while (i < body.Length && (char.IsLetterOrDigit(body[i]) || body[i] == '_'))
                {
                    i++;
                }

                builder.Append(Expand(body.Substring(start, i - start), expanding));
            }
            else
            {
                builder.Append(body[i]);
                i++;
            }
        }

        expanding.Remove(name);
        return builder.ToString();
    }

    /// <summary>Turns the characters of comments into spaces, in place, carrying an open block comment to the next line.</summary>
    private static void BlankComments(char[] line, ref CommentState state, string path, int lineNumber)
    {
        int i = 0;
        while (i < line.Length)
        {
            if (state.Open)
            {
                if (line[i] == '*' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    line[i] = ' ';
                    line[i + 1] = ' ';
                    i += 2;
                    state = default;
                    continue;
                }

                line[i] = ' ';
                i++;
                continue;
            }

            char c = line[i];
            if (c == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    i++;
                }

                i++;
                continue;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '*')
            {
                state = new CommentState(new SourceLocation(path, lineNumber, i + 1));
                line[i] = ' ';
                line[i + 1] = ' ';
                i += 2;
                continue;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                for (int k = i; k < line.Length; k++)
                {
                    line[k] = ' ';
                }

                return;
            }

            i++;
        }
    }

    private void EmitLine(string text)
    {
        _output.Append(text).Append('\n');
        _outputLine++;
    }

    private static string[] SplitLines(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length > 0 && line[line.Length - 1] == '\r')
            {
                lines[i] = line.Substring(0, line.Length - 1);
            }
        }

        return lines;
    }

    private static int FirstNonWhitespace(string line)
    {
        for (int i = 0; i < line.Length; i++)
        {
            if (!char.IsWhiteSpace(line[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static string? ReadIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return null;
        }

        int end = 1;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return text.Substring(0, end);
    }
}
