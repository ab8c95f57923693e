using System.Collections.Generic;
using MiniRpc.Idl.Syntax;

namespace MiniRpc.Idl.Binding;

/// <summary>A defined name: its kind, where it is defined, and (for values) its lazily computed value.</summary>
internal sealed class Symbol
{
    public Symbol(string name, SymbolKind kind, TextPosition position, object syntax, object? owner = null)
    {
        Name = name;
        Kind = kind;
        Position = position;
        Syntax = syntax;
        Owner = owner;
    }

    public string Name { get; }

    public SymbolKind Kind { get; }

    public TextPosition Position { get; }

    /// <summary>Gets the syntax node that defines the name.</summary>
    public object Syntax { get; }

    /// <summary>Gets the enclosing definition: the enum of a member, the program of a version, the version of a procedure.</summary>
    public object? Owner { get; }

    /// <summary>Gets or sets the previous member of the same enum (a member without a value counts on from it).</summary>
    public Symbol? Previous { get; set; }

    public ResolutionState State { get; set; }

    public decimal? Value { get; set; }

    /// <summary>Gets the procedures or versions of the same name in other versions or programs (rpcgen allows those).</summary>
    public List<Symbol> Aliases { get; } = new List<Symbol>();

    public bool IsType => Kind >= SymbolKind.Enum;
}
