using System.Diagnostics;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Xdr;

namespace MiniRpc.Load;

/// <summary>
/// What a load-tool server has spent so far: CPU time, bytes allocated and collections. `serve` answers it as a small
/// program of its own (LOADSTATS, version 1, procedure 1), so that `run` can print the server's cost per call next
/// to the client's. A C server does not have the program: `run` then prints the client's figures only.
/// </summary>
internal readonly record struct ServerStats(long CpuMicroseconds, long AllocatedBytes, long Gen0, long Gen1, long Gen2)
{
    /// <summary>A transient program number (0x40000000-0x5fffffff), far from msg.x's.</summary>
    public const uint Program = 0x4d52_4c53;

    public static ServerStats OfThisProcess() => new(
        (long)Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds,
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2));

    public static RpcServiceDefinition Service() => new RpcServiceDefinition(Program, 1, "LOADSTATS")
        .AddProcedure(1, "STATS", XdrVoid.Decoder, Encode, static (_, _) => ValueTask.FromResult(OfThisProcess()));

    /// <summary>The server's figures, or null when it does not answer LOADSTATS (the C server).</summary>
    public static async Task<ServerStats?> TryReadAsync(IRpcClient rpc)
    {
        try
        {
            return await rpc.CallAsync(Program, 1, 1, XdrVoid.Value, XdrVoid.Encoder, Decode).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is RpcException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>"server_cpu_us_per_call N server_bytes_per_call N server_gc012 N/N/N" from two readings around <paramref name="calls"/> calls.</summary>
    public static string PerCall(ServerStats before, ServerStats after, long calls) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"server_cpu_us_per_call {(double)(after.CpuMicroseconds - before.CpuMicroseconds) / Math.Max(1, calls):0.00} server_bytes_per_call {(double)(after.AllocatedBytes - before.AllocatedBytes) / Math.Max(1, calls):0.0} server_gc012 {after.Gen0 - before.Gen0}/{after.Gen1 - before.Gen1}/{after.Gen2 - before.Gen2}");

    private static void Encode(ref XdrWriter writer, ServerStats stats)
    {
        writer.WriteInt64(stats.CpuMicroseconds);
        writer.WriteInt64(stats.AllocatedBytes);
        writer.WriteInt64(stats.Gen0);
        writer.WriteInt64(stats.Gen1);
        writer.WriteInt64(stats.Gen2);
    }

    private static ServerStats Decode(ref XdrReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
}
