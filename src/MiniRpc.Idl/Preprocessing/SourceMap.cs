using System.Collections.Generic;

namespace MiniRpc.Idl.Preprocessing;

/// <summary>
/// Maps a line and column of the preprocessed text (all included files laid end to end) back to the file, line and
/// column the user wrote. Lines are copied whole, so only macro substitution moves columns.
/// </summary>
internal sealed class SourceMap
{
    private readonly List<Segment> _segments = new List<Segment>();
    private readonly Dictionary<int, List<ColumnShift>> _shifts = new Dictionary<int, List<ColumnShift>>();

    /// <summary>Records that output lines from <paramref name="outputLine"/> on come from <paramref name="filePath"/>, starting at <paramref name="fileLine"/>.</summary>
    public void StartSegment(int outputLine, string filePath, int fileLine)
    {
        if (_segments.Count > 0 && _segments[_segments.Count - 1].OutputLine == outputLine)
        {
            _segments[_segments.Count - 1] = new Segment(outputLine, filePath, fileLine);
            return;
        }

        _segments.Add(new Segment(outputLine, filePath, fileLine));
    }

    /// <summary>Records that a macro name was replaced on <paramref name="outputLine"/>.</summary>
    public void AddShift(int outputLine, ColumnShift shift)
    {
        if (!_shifts.TryGetValue(outputLine, out List<ColumnShift>? list))
        {
            list = new List<ColumnShift>();
            _shifts.Add(outputLine, list);
        }

        list.Add(shift);
    }

    public SourceLocation Map(int outputLine, int outputColumn)
    {
        int low = 0;
        int high = _segments.Count - 1;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (_segments[middle].OutputLine <= outputLine)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        Segment segment = _segments[low];
        return new SourceLocation(segment.FilePath, segment.FileLine + (outputLine - segment.OutputLine), MapColumn(outputLine, outputColumn));
    }

    private int MapColumn(int outputLine, int outputColumn)
    {
        if (!_shifts.TryGetValue(outputLine, out List<ColumnShift>? list))
        {
            return outputColumn;
        }

        int delta = 0;
        foreach (ColumnShift shift in list)
        {
            if (outputColumn < shift.OutputColumn)
            {
                break;
            }

            if (outputColumn < shift.OutputColumn + shift.OutputLength)
            {
                return shift.SourceColumn;
            }

            delta = (shift.SourceColumn + shift.SourceLength) - (shift.OutputColumn + shift.OutputLength);
        }

        return outputColumn + delta;
    }

    private readonly struct Segment
    {
        public Segment(int outputLine, string filePath, int fileLine)
        {
            OutputLine = outputLine;
            FilePath = filePath;
            FileLine = fileLine;
        }

        public int OutputLine { get; }

        public string FilePath { get; }

        public int FileLine { get; }
    }
}
