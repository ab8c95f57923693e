using System.Text;

namespace MiniRpc.Generators.Emitter;

/// <summary>Builds C# text with indentation; no Roslyn types, so a command-line tool can use the emitter too.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    public void Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
    }

    /// <summary>Opens a bare block: <c>{</c> on its own line.</summary>
    public void OpenBlock()
    {
        Line("{");
        _indent++;
    }

    public void Close(string closing = "}")
    {
        // No blank line before a closing brace.
        if (_text.Length >= 2 && _text[_text.Length - 1] == '\n' && _text[_text.Length - 2] == '\n')
        {
            _text.Length--;
        }

        _indent--;
        Line(closing);
    }

    /// <summary>An XML doc summary holding the <c>.x</c> declaration, escaped.</summary>
    public void Summary(string text)
    {
        Line("/// <summary>");
        foreach (string line in text.Split('\n'))
        {
            Line("/// " + Escape(line.TrimEnd('\r')));
        }

        Line("/// </summary>");
    }

    public override string ToString() => _text.ToString();

    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
