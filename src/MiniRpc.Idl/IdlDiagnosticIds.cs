namespace MiniRpc.Idl;

/// <summary>
/// The stable identifiers of <see cref="IdlDiagnostic"/>s. <c>MRPC0nn</c> are errors, <c>MRPC1nn</c> warnings
/// (accepted by rpcgen, but probably not what the author meant). The table with examples is in the project's README.md.
/// </summary>
public static class IdlDiagnosticIds
{
    /// <summary>MRPC001: the text does not follow the RPC language grammar.</summary>
    public const string SyntaxError = "MRPC001";

    /// <summary>MRPC002: a <c>/*</c> comment is not closed before the end of its file.</summary>
    public const string UnterminatedComment = "MRPC002";

    /// <summary>MRPC003: a preprocessor directive is unknown, malformed or unsupported (function-like macros).</summary>
    public const string InvalidDirective = "MRPC003";

    /// <summary>MRPC004: the include resolver found no file for an <c>#include</c>.</summary>
    public const string IncludeNotFound = "MRPC004";

    /// <summary>MRPC005: a file includes itself, directly or not, or includes nest too deep.</summary>
    public const string IncludeCycle = "MRPC005";

    /// <summary>MRPC006: <c>#else</c>, <c>#elif</c> or <c>#endif</c> without <c>#if</c>, or <c>#if</c> without <c>#endif</c>.</summary>
    public const string UnbalancedConditional = "MRPC006";

    /// <summary>MRPC007: an active <c>#error</c> directive.</summary>
    public const string ErrorDirective = "MRPC007";

    /// <summary>MRPC008: the expression of an <c>#if</c> or <c>#elif</c> cannot be evaluated.</summary>
    public const string InvalidConditionExpression = "MRPC008";

    /// <summary>MRPC009: an integer literal is malformed or outside the range of 64-bit integers.</summary>
    public const string InvalidIntegerLiteral = "MRPC009";

    /// <summary>MRPC010: a name used as a value (array bound, enum value, case label, number) is not defined.</summary>
    public const string UndefinedName = "MRPC010";

    /// <summary>MRPC011: a name is defined twice.</summary>
    public const string DuplicateDefinition = "MRPC011";

    /// <summary>MRPC012: a type is used where a value is expected, or a value where a type is expected.</summary>
    public const string WrongSymbolKind = "MRPC012";

    /// <summary>MRPC013: constants are defined in terms of each other in a cycle.</summary>
    public const string CircularConstant = "MRPC013";

    /// <summary>MRPC014: two case labels of a union have the same value.</summary>
    public const string DuplicateCaseLabel = "MRPC014";

    /// <summary>MRPC015: a union discriminant is not int, unsigned int, an enum or bool.</summary>
    public const string InvalidDiscriminant = "MRPC015";

    /// <summary>MRPC016: a case label is not a value of the discriminant's type.</summary>
    public const string CaseLabelTypeMismatch = "MRPC016";

    /// <summary>MRPC017: a type contains itself by value, so it has no finite encoding.</summary>
    public const string RecursiveType = "MRPC017";

    /// <summary>MRPC018: an array size is negative.</summary>
    public const string NegativeSize = "MRPC018";

    /// <summary>MRPC019: a value does not fit where it is used (size or number above 2^32-1, enum value outside int).</summary>
    public const string ValueOverflow = "MRPC019";

    /// <summary>MRPC020: two procedures of one version have the same name.</summary>
    public const string DuplicateProcedureName = "MRPC020";

    /// <summary>MRPC021: two procedures of one version have the same number.</summary>
    public const string DuplicateProcedureNumber = "MRPC021";

    /// <summary>MRPC022: two versions of one program have the same number.</summary>
    public const string DuplicateVersionNumber = "MRPC022";

    /// <summary>MRPC023: two programs have the same number and a version number in common.</summary>
    public const string DuplicateProgramNumber = "MRPC023";

    /// <summary>MRPC024: a declaration the RPC language forbids (<c>string s;</c>, <c>opaque o;</c>, <c>int *a&lt;&gt;</c>, a misplaced <c>void</c>).</summary>
    public const string InvalidDeclaration = "MRPC024";

    /// <summary>MRPC025: a procedure argument or result rpcgen refuses (opaque, arrays other than string, void among several arguments).</summary>
    public const string InvalidProcedureSignature = "MRPC025";

    /// <summary>MRPC026: two members of a struct or arms of a union have the same name.</summary>
    public const string DuplicateMember = "MRPC026";

    /// <summary>MRPC101 (warning): a type name is not defined in the file or its includes; it is kept as an external type.</summary>
    public const string UndefinedType = "MRPC101";

    /// <summary>MRPC102 (warning): two types, or two constants, have names that differ only by case.</summary>
    public const string NamesDifferOnlyByCase = "MRPC102";

    /// <summary>MRPC103 (warning): procedure 0 takes or returns something; RFC 5531 reserves it for the null procedure.</summary>
    public const string NullProcedureNotVoid = "MRPC103";

    /// <summary>MRPC104 (warning): a procedure or version name is reused elsewhere with a different number.</summary>
    public const string ConflictingNumber = "MRPC104";

    /// <summary>MRPC105 (warning): a fixed-length array of length 0.</summary>
    public const string EmptyFixedArray = "MRPC105";

    /// <summary>MRPC106 (warning): a type is referenced with the wrong keyword, e.g. <c>struct color</c> for an enum.</summary>
    public const string TypeKeywordMismatch = "MRPC106";

    /// <summary>MRPC107 (warning): a macro is redefined with a different value.</summary>
    public const string MacroRedefined = "MRPC107";

    /// <summary>MRPC108 (warning): an active <c>#warning</c> directive.</summary>
    public const string WarningDirective = "MRPC108";

    /// <summary>MRPC109 (warning): two members of an enum have the same value (an alias, as <c>nis_object.x</c> has).</summary>
    public const string DuplicateEnumValue = "MRPC109";

    /// <summary>
    /// MRPC110 (warning): the maximum of a variable-length array names a constant the file does not define (rpcgen
    /// leaves it to the C compiler); the array is bound as having no maximum.
    /// </summary>
    public const string UndefinedBound = "MRPC110";
}
