using System;
using System.Collections.Generic;
using System.Linq;
using MiniRpc.Idl.Model;
using Sprache;

namespace MiniRpc.Idl.Syntax;

/// <summary>
/// The RPC language grammar (RFC 4506 §6.3, RFC 5531 §12.2) with rpcgen's extensions: C-ish type spellings,
/// enum members without values, named and newstyle procedure arguments, <c>struct name</c> type references.
/// </summary>
/// <remarks>
/// Every token parser eats the whitespace and comments that follow it, so each parser starts on the first character
/// of its token. Alternatives use <c>XOr</c> and repetitions <c>XMany</c>: an alternative that fails without
/// consuming lets the next one try, one that fails after consuming reports its own (precise) failure position.
/// Keywords and names are read as whole words first, then checked, so <c>string</c> never half-matches <c>struct</c>.
/// </remarks>
internal static class XGrammar
{
    // rpcgen's reserved words (rpc_scan.c). RFC 4506 reserves a subset; char, short and long are rpcgen's.
    private static readonly HashSet<string> s_keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "bool", "case", "char", "const", "default", "double", "enum", "float", "hyper", "int", "long", "opaque",
        "program", "quadruple", "short", "string", "struct", "switch", "typedef", "union", "unsigned", "version", "void",
    };

    private static readonly Dictionary<string, IdlTypeKind> s_simpleTypes = new Dictionary<string, IdlTypeKind>(StringComparer.Ordinal)
    {
        ["int"] = IdlTypeKind.Int,
        ["hyper"] = IdlTypeKind.Hyper,
        ["long"] = IdlTypeKind.Int,
        ["short"] = IdlTypeKind.Short,
        ["char"] = IdlTypeKind.Char,
        ["float"] = IdlTypeKind.Float,
        ["double"] = IdlTypeKind.Double,
        ["quadruple"] = IdlTypeKind.Quadruple,
        ["bool"] = IdlTypeKind.Bool,
        ["void"] = IdlTypeKind.Void,
        ["string"] = IdlTypeKind.String,
        ["opaque"] = IdlTypeKind.Opaque,
    };

    private static readonly Dictionary<string, IdlTypeKind> s_unsignedTypes = new Dictionary<string, IdlTypeKind>(StringComparer.Ordinal)
    {
        ["int"] = IdlTypeKind.UnsignedInt,
        ["hyper"] = IdlTypeKind.UnsignedHyper,
        ["long"] = IdlTypeKind.UnsignedInt,
        ["short"] = IdlTypeKind.UnsignedShort,
        ["char"] = IdlTypeKind.UnsignedChar,
    };

    /// <summary>Whitespace and comments (the preprocessor blanks comments already; the grammar accepts them anyway).</summary>
    public static readonly Parser<object?> Whitespace = input => Result.Success<object?>(null, SkipWhitespace(input));

    /// <summary>The current position, consuming nothing.</summary>
    private static readonly Parser<TextPosition> Here = input => Result.Success(PositionOf(input), input);

    /// <summary>A raw word <c>[A-Za-z_][A-Za-z0-9_]*</c> (keyword or name), no trailing whitespace.</summary>
    private static readonly Parser<string> Word = input =>
    {
        if (input.AtEnd || !IsWordStart(input.Current))
        {
            return Result.Failure<string>(input, "expected a name", new[] { "identifier" });
        }

        IInput rest = input;
        while (!rest.AtEnd && IsWordPart(rest.Current))
        {
            rest = rest.Advance();
        }

        return Result.Success(input.Source.Substring(input.Position, rest.Position - input.Position), rest);
    };

    /// <summary>An integer literal as rpcgen scans it: an optional '-' right before the digits, decimal, 0x hex or 0 octal.</summary>
    private static readonly Parser<ValueSyntax> NumberLiteral = input =>
    {
        IInput rest = input;
        if (!rest.AtEnd && rest.Current == '-')
        {
            rest = rest.Advance();
        }

        if (rest.AtEnd || !IsDigit(rest.Current))
        {
            return Result.Failure<ValueSyntax>(input, "expected a number", new[] { "number" });
        }

        while (!rest.AtEnd && IsWordPart(rest.Current))
        {
            rest = rest.Advance();
        }

        string text = input.Source.Substring(input.Position, rest.Position - input.Position);
        return Result.Success(new ValueSyntax(text, false, IntegerLiteral.TryParse(text), PositionOf(input)), rest);
    };

    /// <summary>A name that is not a reserved word.</summary>
    public static readonly Parser<IdentifierSyntax> Identifier =
        Token(
            from position in Here
            from word in Word.Where(w => !s_keywords.Contains(w))
            select new IdentifierSyntax(word, position))
        .Named("identifier");

    /// <summary>RFC 4506 <c>value</c>: a constant literal or the name of a constant.</summary>
    public static readonly Parser<ValueSyntax> Value =
        Token(
            NumberLiteral.XOr(
                from position in Here
                from word in Word.Where(w => !s_keywords.Contains(w))
                select new ValueSyntax(word, true, null, position)))
        .Named("a number or a constant name");

    /// <summary>rpcgen's string constant: characters up to the next double quote, no escapes.</summary>
    private static readonly Parser<ValueSyntax> StringConstant =
        Token(
            from position in Here
            from open in Parse.Char('"')
            from text in Parse.CharExcept("\"\n").XMany().Text()
            from close in Parse.Char('"')
            select new ValueSyntax("\"" + text + "\"", false, null, position))
        .Named("a string");

    private static readonly Parser<bool> OptionalInt = Keyword("int").Return(true).XOr(Parse.Return(false));

    private static readonly Parser<TypeSpecifierSyntax> UnsignedType =
        from position in Here
        from keyword in Keyword("unsigned")
        from size in Token(Word.Where(w => s_unsignedTypes.ContainsKey(w))).XOr(Parse.Return(string.Empty))
        from trailingInt in size is "hyper" or "long" or "short" ? OptionalInt : Parse.Return(false)
        select new TypeSpecifierSyntax(
            (size.Length == 0 ? "unsigned" : "unsigned " + size) + (trailingInt ? " int" : string.Empty),
            size.Length == 0 ? IdlTypeKind.UnsignedInt : s_unsignedTypes[size],
            null,
            null,
            position);

    private static readonly Parser<TypeSpecifierSyntax> SimpleType =
        from position in Here
        from word in Token(Word.Where(w => s_simpleTypes.ContainsKey(w)))
        from trailingInt in word is "hyper" or "long" or "short" ? OptionalInt : Parse.Return(false)
        select new TypeSpecifierSyntax(trailingInt ? word + " int" : word, s_simpleTypes[word], null, null, position);

    private static readonly Parser<TypeSpecifierSyntax> PrefixedType =
        from position in Here
        from prefix in Token(Word.Where(w => w is "struct" or "enum" or "union"))
        from name in Identifier
        select new TypeSpecifierSyntax(prefix + " " + name.Name, null, prefix, name, position);

    private static readonly Parser<TypeSpecifierSyntax> NamedType =
        from name in Identifier
        select new TypeSpecifierSyntax(name.Name, null, null, name, name.Position);

    /// <summary>A type specifier: built-in (with rpcgen's C spellings), <c>struct/enum/union name</c>, or a name.</summary>
    public static readonly Parser<TypeSpecifierSyntax> TypeSpecifier =
        UnsignedType.XOr(SimpleType).XOr(PrefixedType).XOr(NamedType).Named("a type");

    private static readonly Parser<ValueSyntax?> OptionalValue =
        Value.Select(v => (ValueSyntax?)v).XOr(Parse.Return((ValueSyntax?)null));

    private static readonly Parser<(ArrayShape Shape, ValueSyntax? Size)> ArraySuffix =
        (from open in Symbol('[')
         from size in Value
         from close in Symbol(']')
         select (ArrayShape.Fixed, (ValueSyntax?)size))
        .XOr(
            from open in Symbol('<')
            from size in OptionalValue
            from close in Symbol('>')
            select (ArrayShape.Variable, size))
        .XOr(Parse.Return((ArrayShape.None, (ValueSyntax?)null)));

    private static readonly Parser<(bool Optional, IdentifierSyntax? Name, ArrayShape Shape, ValueSyntax? Size)> Declarator =
        from star in Symbol('*').Return(true).XOr(Parse.Return(false))
        from name in Identifier
        from suffix in ArraySuffix
        select (star, (IdentifierSyntax?)name, suffix.Shape, suffix.Size);

    /// <summary>RFC 4506 <c>declaration</c>, including <c>void</c>.</summary>
    public static readonly Parser<DeclarationSyntax> Declaration =
        from position in Here
        from type in TypeSpecifier
        from declarator in type.IsVoid
            ? Parse.Return((false, (IdentifierSyntax?)null, ArrayShape.None, (ValueSyntax?)null))
            : Declarator
        select new DeclarationSyntax(type, declarator.Item1, declarator.Item2, declarator.Item3, declarator.Item4, position);

    private static readonly Parser<DefinitionSyntax> ConstDefinition =
        from position in Here
        from keyword in Keyword("const")
        from name in Identifier
        from assign in Symbol('=')
        from value in Value.XOr(StringConstant)
        from end in Symbol(';')
        select new ConstDefinitionSyntax(name, value, position);

    private static readonly Parser<DefinitionSyntax> TypedefDefinition =
        from position in Here
        from keyword in Keyword("typedef")
        from declaration in Declaration
        from end in Symbol(';')
        select new TypedefDefinitionSyntax(declaration, position);

    private static readonly Parser<EnumMemberSyntax> EnumMember =
        from name in Identifier
        from value in (from assign in Symbol('=') from value in Value select (ValueSyntax?)value).XOr(Parse.Return((ValueSyntax?)null))
        select new EnumMemberSyntax(name, value);

    private static readonly Parser<DefinitionSyntax> EnumDefinition =
        from position in Here
        from keyword in Keyword("enum")
        from name in Identifier
        from open in Symbol('{')
        from first in EnumMember
        from rest in (from comma in Symbol(',') from member in EnumMember select member).XMany()
        from close in Symbol('}')
        from end in Symbol(';')
        select new EnumDefinitionSyntax(name, new[] { first }.Concat(rest).ToList(), position);

    private static readonly Parser<DefinitionSyntax> StructDefinition =
        from position in Here
        from keyword in Keyword("struct")
        from name in Identifier
        from open in Symbol('{')
        from members in (from declaration in Declaration from end in Symbol(';') select declaration).XAtLeastOnce()
        from close in Symbol('}')
        from end in Symbol(';')
        select new StructDefinitionSyntax(name, members.ToList(), position);

    private static readonly Parser<CaseArmSyntax> CaseArm =
        from position in Here
        from labels in (from keyword in Keyword("case") from value in Value from colon in Symbol(':') select value).XAtLeastOnce()
        from declaration in Declaration
        from end in Symbol(';')
        select new CaseArmSyntax(labels.ToList(), declaration, position);

    private static readonly Parser<CaseArmSyntax?> DefaultArm =
        (from position in Here
         from keyword in Keyword("default")
         from colon in Symbol(':')
         from declaration in Declaration
         from end in Symbol(';')
         select (CaseArmSyntax?)new CaseArmSyntax(Array.Empty<ValueSyntax>(), declaration, position))
        .XOr(Parse.Return((CaseArmSyntax?)null));

    private static readonly Parser<DefinitionSyntax> UnionDefinition =
        from position in Here
        from keyword in Keyword("union")
        from name in Identifier
        from switchKeyword in Keyword("switch")
        from openParenthesis in Symbol('(')
        from discriminant in Declaration
        from closeParenthesis in Symbol(')')
        from open in Symbol('{')
        from arms in CaseArm.XAtLeastOnce()
        from defaultArm in DefaultArm
        from close in Symbol('}')
        from end in Symbol(';')
        select new UnionDefinitionSyntax(name, discriminant, arms.ToList(), defaultArm, position);

    private static readonly Parser<IdentifierSyntax?> OptionalIdentifier =
        Identifier.Select(i => (IdentifierSyntax?)i).XOr(Parse.Return((IdentifierSyntax?)null));

    // rpcgen's get_prog_declaration: type [name] [* [name]] [< [size] >].
    private static readonly Parser<ProcedureArgumentSyntax> ProcedureArgument =
        from position in Here
        from type in TypeSpecifier
        from name in OptionalIdentifier
        from star in Symbol('*').Return(true).XOr(Parse.Return(false))
        from nameAfterStar in star ? OptionalIdentifier : Parse.Return((IdentifierSyntax?)null)
        from array in (from open in Symbol('<') from size in OptionalValue from close in Symbol('>') select (true, size))
            .XOr(Parse.Return((false, (ValueSyntax?)null)))
        select new ProcedureArgumentSyntax(type, nameAfterStar ?? name, star, array.Item1, array.Item2, position);

    private static readonly Parser<IReadOnlyList<ProcedureArgumentSyntax>> ProcedureArguments =
        (from first in ProcedureArgument
         from rest in (from comma in Symbol(',') from argument in ProcedureArgument select argument).XMany()
         select (IReadOnlyList<ProcedureArgumentSyntax>)new[] { first }.Concat(rest).ToList())
        .XOr(Parse.Return((IReadOnlyList<ProcedureArgumentSyntax>)Array.Empty<ProcedureArgumentSyntax>()));

    private static readonly Parser<ProcedureSyntax> Procedure =
        from position in Here
        from result in TypeSpecifier
        from name in Identifier
        from open in Symbol('(')
        from arguments in ProcedureArguments
        from close in Symbol(')')
        from assign in Symbol('=')
        from number in Value
        from end in Symbol(';')
        select new ProcedureSyntax(result, name, arguments, number, position);

    private static readonly Parser<VersionSyntax> Version =
        from position in Here
        from keyword in Keyword("version")
        from name in Identifier
        from open in Symbol('{')
        from procedures in Procedure.XAtLeastOnce()
        from close in Symbol('}')
        from assign in Symbol('=')
        from number in Value
        from end in Symbol(';')
        select new VersionSyntax(name, procedures.ToList(), number, position);

    private static readonly Parser<DefinitionSyntax> ProgramDefinition =
        from position in Here
        from keyword in Keyword("program")
        from name in Identifier
        from open in Symbol('{')
        from versions in Version.XAtLeastOnce()
        from close in Symbol('}')
        from assign in Symbol('=')
        from number in Value
        from end in Symbol(';')
        select new ProgramDefinitionSyntax(name, versions.ToList(), number, position);

    /// <summary>One top-level definition.</summary>
    public static readonly Parser<DefinitionSyntax> Definition =
        ConstDefinition
            .XOr(TypedefDefinition)
            .XOr(EnumDefinition)
            .XOr(StructDefinition)
            .XOr(UnionDefinition)
            .XOr(ProgramDefinition)
            .Named("a definition (const, typedef, enum, struct, union or program)");

    /// <summary>The keyword and name a definition starts with, to name a definition that failed to parse.</summary>
    public static readonly Parser<string> DefinitionHeader =
        from keyword in Token(Word.Where(w => w is "const" or "enum" or "struct" or "union" or "program"))
        from name in Identifier
        select name.Name;

    public static bool IsKeyword(string word) => s_keywords.Contains(word);

    public static bool IsWordStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    public static bool IsWordPart(char c) => IsWordStart(c) || IsDigit(c);

    public static TextPosition PositionOf(IInput input) => new TextPosition(input.Position, input.Line, input.Column);

    /// <summary>Skips whitespace and <c>/* */</c> and <c>//</c> comments.</summary>
    public static IInput SkipWhitespace(IInput input)
    {
        while (!input.AtEnd)
        {
            char c = input.Current;
            if (char.IsWhiteSpace(c))
            {
                input = input.Advance();
                continue;
            }

            if (c != '/')
            {
                break;
            }

            IInput next = input.Advance();
            if (next.AtEnd)
            {
                break;
            }

            if (next.Current == '*')
            {
                IInput inside = next.Advance();
                while (!inside.AtEnd && !(inside.Current == '*' && !inside.Advance().AtEnd && inside.Advance().Current == '/'))
                {
                    inside = inside.Advance();
                }

                // An unterminated comment runs to the end of the text (the preprocessor reports it).
                input = inside.AtEnd ? inside : inside.Advance().Advance();
                continue;
            }

            if (next.Current == '/')
            {
                while (!input.AtEnd && input.Current != '\n')
                {
                    input = input.Advance();
                }

                continue;
            }

            break;
        }

        return input;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static Parser<T> Token<T>(Parser<T> parser) => input =>
    {
        IResult<T> result = parser(input);
        return result.WasSuccessful ? Result.Success(result.Value, SkipWhitespace(result.Remainder)) : result;
    };

    private static Parser<string> Keyword(string keyword) => Token(Word.Where(w => w == keyword)).Named($"'{keyword}'");

    private static Parser<char> Symbol(char symbol) => Token(Parse.Char(symbol)).Named($"'{symbol}'");
}
