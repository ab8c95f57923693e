namespace MiniRpc.Idl.Preprocessing;

/// <summary>Whether a <c>/*</c> comment is open at the end of a line, and where it began (for MRPC002).</summary>
internal readonly struct CommentState
{
    public CommentState(SourceLocation start)
    {
        Start = start;
    }

    public bool Open => Start is not null;

    public SourceLocation? Start { get; }
}
