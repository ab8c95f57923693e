namespace MiniRpc.Idl.Preprocessing;

/// <summary>The state of one open <c>#if</c>/<c>#ifdef</c>/<c>#ifndef</c> group.</summary>
internal sealed class ConditionFrame
{
    public ConditionFrame(bool parentActive, bool condition, SourceLocation location)
    {
        ParentActive = parentActive;
        IsActive = parentActive && condition;
        BranchTaken = condition;
        Location = location;
    }

    /// <summary>Gets a value indicating whether the text around the group is read at all.</summary>
    public bool ParentActive { get; }

    /// <summary>Gets or sets a value indicating whether the current branch is read.</summary>
    public bool IsActive { get; set; }

    /// <summary>Gets or sets a value indicating whether some branch of the group was already taken.</summary>
    public bool BranchTaken { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>#else</c> was seen (a later <c>#elif</c>/<c>#else</c> is an error).</summary>
    public bool SeenElse { get; set; }

    /// <summary>Gets the location of the <c>#if</c> line, for MRPC006.</summary>
    public SourceLocation Location { get; }
}
