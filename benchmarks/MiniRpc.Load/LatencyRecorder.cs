using System.Diagnostics;

namespace MiniRpc.Load;

/// <summary>Every call's latency, in Stopwatch ticks, in per-thread buckets merged at the end.</summary>
internal sealed class LatencyRecorder
{
    private readonly ThreadLocal<List<long>> _samples = new(() => new List<long>(1 << 16), trackAllValues: true);

    public void Add(long ticks) => _samples.Value!.Add(ticks);

    public double Percentile(double percent)
    {
        long[] all = _samples.Values.SelectMany(s => s).ToArray();
        if (all.Length == 0)
        {
            return 0;
        }

        Array.Sort(all);
        long ticks = all[Math.Min(all.Length - 1, (int)Math.Ceiling(percent / 100 * all.Length) - 1)];
        return ticks * 1_000_000.0 / Stopwatch.Frequency;
    }
}
