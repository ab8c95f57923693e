using System;
using MiniRpc.Idl.Binding;
using MiniRpc.Idl.Model;
using MiniRpc.Idl.Preprocessing;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl;

/// <summary>
/// The entry point: preprocesses, parses and binds one <c>.x</c> file (with its includes) into an
/// <see cref="IdlSpecification"/> and a list of <see cref="IdlDiagnostic"/>s.
/// </summary>
public static class IdlCompiler
{
    /// <summary>Compiles the text of a <c>.x</c> file. Problems in the text are diagnostics; this method does not throw for them.</summary>
    /// <param name="filePath">The path diagnostics name for the file (need not exist on disk).</param>
    /// <param name="text">The file's text.</param>
    /// <param name="includeResolver">Reads <c>#include</c>d files; <see langword="null"/> makes every include MRPC004.</param>
    /// <param name="options">Predefined symbols and limits; <see langword="null"/> for <see cref="IdlOptions.Default"/>.</param>
    /// <returns>The bound model and the diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> or <paramref name="text"/> is <see langword="null"/>.</exception>
    public static IdlCompilation Compile(string filePath, string text, IIncludeResolver? includeResolver = null, IdlOptions? options = null)
    {
        if (filePath is null)
        {
            throw new ArgumentNullException(nameof(filePath));
        }

        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var diagnostics = new DiagnosticBag();
        PreprocessedSource source = Preprocessor.Run(filePath, text, includeResolver, options ?? IdlOptions.Default, diagnostics);
        SpecificationSyntax syntax = XParser.Parse(source.Text, source.Map, diagnostics);
        IdlSpecification specification = Binder.Bind(filePath, syntax, source, diagnostics);
        return new IdlCompilation(specification, new EquatableArray<IdlDiagnostic>(diagnostics.Items));
    }
}
