using System.Diagnostics.Tracing;

namespace MiniRpc.Load;

/// <summary>
/// What allocates: the runtime's allocation ticks (one sample per ~100 KB allocated, with the type that crossed the
/// mark), counted by type, for <c>run --alloc-types on</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Whether samples are counted; the warm-up's are not.</summary>
    public bool Counting { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC: GCAllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Counting || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        string type = typeIndex >= 0 ? eventData.Payload![typeIndex] as string ?? "?" : "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload![amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (_gate)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }

    /// <summary>The types that crossed the most sampling marks, with the bytes those samples stand for.</summary>
    public IEnumerable<string> Top(int count)
    {
        lock (_gate)
        {
            return _bytesByType.OrderByDescending(pair => pair.Value).Take(count).Select(pair => $"alloc_type {pair.Key} bytes {pair.Value}").ToArray();
        }
    }
}
