using System.Buffers;

namespace MiniRpc.Tests.TestSupport;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out spans no bigger than it must (the size hint, or a few bytes),
/// each in fresh memory, so that writers are forced through every "span full, ask for another" path.
/// Unused bytes of a span are filled with 0xEE to catch a writer that relies on them.
/// </summary>
internal sealed class SegmentedBufferWriter(int segmentSize) : IBufferWriter<byte>
{
    private readonly List<byte[]> _segments = [];
    private readonly List<int> _used = [];
    private bool _pending;

    public int GetSpanCalls { get; private set; }

    public byte[] WrittenBytes => _segments.Zip(_used).SelectMany(s => s.First.Take(s.Second)).ToArray();

    public void Advance(int count)
    {
        if (!_pending || count < 0 || count > _segments[^1].Length)
        {
            throw new InvalidOperationException($"Advance({count}) without a matching GetSpan.");
        }

        _used[^1] = count;
        _pending = false;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        GetSpanCalls++;
        var segment = new byte[Math.Max(sizeHint, segmentSize)];
        segment.AsSpan().Fill(0xEE);
        if (_pending)
        {
            // An earlier span was never advanced: drop it, as real buffer writers do.
            _segments.RemoveAt(_segments.Count - 1);
            _used.RemoveAt(_used.Count - 1);
        }

        _segments.Add(segment);
        _used.Add(0);
        _pending = true;
        return segment;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
