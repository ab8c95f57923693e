using System.Diagnostics;

namespace MiniRpc.Load;

/// <summary>
/// Every call's latency, in Stopwatch ticks, in one array allocated up front: recording allocates nothing, so the
/// client's bytes per call are the library's alone. Calls past the capacity are not recorded.
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];
    private int _count;

    public void Add(long ticks)
    {
        int index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = ticks;
        }
    }

    public double Percentile(double percent)
    {
        int count = Math.Min(Volatile.Read(ref _count), _samples.Length);
        if (count == 0)
        {
            return 0;
        }

        Span<long> recorded = _samples.AsSpan(0, count);
        recorded.Sort();
        long ticks = recorded[Math.Min(count - 1, (int)Math.Ceiling(percent / 100 * count) - 1)];
        return ticks * 1_000_000.0 / Stopwatch.Frequency;
    }
}
