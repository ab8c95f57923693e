// The load tool of MiniRpc: drives a msg.x server (ours or the C reference) and reports throughput, latency,
// CPU and allocations per call. Loopback only.
//
//   MiniRpc.Load serve [--tcp PORT] [--udp PORT] [--unix PATH] [--event-loop on|off] [--strings string|bytes]
//       serves MSGPROG version 2 from memory; prints "tcp P udp P"; on each "stats" line read from stdin prints
//       "cpu_ms N allocated_bytes N working_set N connections N gc012 N/N/N gc_pause_ms N" (this process: CPU,
//       bytes allocated, collections by generation and their total pause), and exits at end of input.
//   MiniRpc.Load run --port PORT [--transport tcp|udp|unix] [--unix PATH] [--connections N] [--inflight K]
//                    [--seconds T | --calls C] [--proc null|save|read] [--size BYTES] [--warmup SECONDS]
//                    [--event-loop on|off] [--continuations loop|pool|inline] [--api async|sync] [--repeat N]
//                    [--strings string|bytes]
//       prints one line per measured run (--repeat, default 1, after one warm-up): calls, calls/s, p50/p99/p99.9
//       latency in microseconds, client CPU (and its user-space part) and bytes per call, the thread pool's work
//       items and the gen0 collections over the run, and, when the server is ours (it answers a LOADSTATS
//       program on a connection of its own), the server's CPU and bytes per call and its collections.
//   MiniRpc.Load idle --port PORT [--connections N]
//       opens N connections, makes one call on each and holds them until stdin closes.
//   MiniRpc.Load floor --port PORT [--transport tcp|udp] [--seconds T] [--warmup SECONDS]
//       NULL calls with no MiniRpc: send, poll, recv through P/Invoke, as libtirpc's clnt_call; prints calls,
//       calls/s and the client's CPU and user time per call. The floor of a .NET client, to set MiniRpc's client
//       against (Floor.cs).
//   --event-loop off: .NET's socket engine instead of MiniRpc's epoll loops (UseEventLoop = false).
//   --continuations: RpcClientOptions.Continuations, EventLoop (loop, the default), ThreadPool (pool) or Inline (inline).
//   --alloc-types on: after the runs (serve: before each stats line), the types the runtime's allocation ticks (one per ~100 KB) fell on, by bytes.
//   --api sync: the generated synchronous stubs (SAVEMSG, not SAVEMSGAsync), one thread per call in flight, as a
//       libtirpc client calls; with one call in flight on a connection they read their replies themselves.
//   --strings bytes: msg.x compiled with MiniRpcStrings="Bytes" (its strings are byte[], the bytes as sent) instead
//       of the default string; same wire, so either side talks to the other and to the C peers.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using MiniRpc.Client;
using MiniRpc.Load;
using MiniRpc.Server;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: MiniRpc.Load serve [options] | run --port PORT [options]");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

string Get(string name, string fallback) => options.TryGetValue(name, out string? value) ? value : fallback;
int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

if (args[0] == "floor")
{
    return Floor.Run(Get("--transport", "tcp"), GetInt("--port", 0), double.Parse(Get("--warmup", "0.5"), CultureInfo.InvariantCulture), double.Parse(Get("--seconds", "5"), CultureInfo.InvariantCulture));
}

bool bytes = Get("--strings", "string") == "bytes";
if (args[0] == "serve")
{
    await using var server = new RpcServer(new RpcServerOptions
    {
        MaxCallsInFlightPerConnection = 256,
        MaxConnections = 20_000,
        IdleTimeout = Timeout.InfiniteTimeSpan,
        UseEventLoop = Get("--event-loop", "on") == "on",
    });
    server.AddService(bytes ? MiniRpc.Load.Bytes.MSGPROG.MSGVER.BindService(new BytesStore()) : MSGPROG.MSGVER.BindService(new MemoryStore()));
    server.AddService(ServerStats.Service());
    IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, GetInt("--tcp", 0)));
    IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, GetInt("--udp", 0)));
    if (options.TryGetValue("--unix", out string? unix))
    {
        server.ListenUnix(unix);
    }

    Console.WriteLine($"tcp {tcp.Port} udp {udp.Port}");
    using AllocationSampler? serverSampler = Get("--alloc-types", "off") == "on" ? new AllocationSampler() { Counting = true } : null;
    while (Console.ReadLine() is { } line)
    {
        if (line == "stats")
        {
            foreach (string type in serverSampler?.Top(8) ?? [])
            {
                Console.WriteLine(type);
            }

            Console.WriteLine($"cpu_ms {Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:0} allocated_bytes {GC.GetTotalAllocatedBytes(precise: true)} working_set {Environment.WorkingSet} connections {server.ConnectionCount} gc012 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gc_pause_ms {GC.GetTotalPauseDuration().TotalMilliseconds:0}");
        }
    }

    return 0;
}

if (args[0] == "idle")
{
    // Opens N TCP connections to the server, sends one NULL call on each (so that it is a real RPC connection),
    // then holds them idle until stdin closes: for the server's working set with many idle connections.
    int count = GetInt("--connections", 5000);
    var endPoint = new IPEndPoint(IPAddress.Loopback, GetInt("--port", 0));
    var held = new List<IRpcClient>(count);
    for (int i = 0; i < count; i++)
    {
        IRpcClient rpc = await RpcClient.ConnectTcpAsync(endPoint);
        await new MSGPROG.MSGVER.Client(rpc).NullProcedureAsync();
        held.Add(rpc);
    }

    Console.WriteLine($"holding {held.Count} connections");
    while (Console.ReadLine() is not null)
    {
    }

    foreach (IRpcClient rpc in held)
    {
        await rpc.DisposeAsync();
    }

    return 0;
}

string transport = Get("--transport", "tcp");
int port = GetInt("--port", 0);
int connections = GetInt("--connections", 1);
int inFlight = GetInt("--inflight", 1);
double seconds = double.Parse(Get("--seconds", "5"), CultureInfo.InvariantCulture);
long calls = long.Parse(Get("--calls", "0"), CultureInfo.InvariantCulture);
string procedure = Get("--proc", "null");
int size = GetInt("--size", 16);
double warmup = double.Parse(Get("--warmup", "1"), CultureInfo.InvariantCulture);

var clientOptions = new RpcClientOptions
{
    UseEventLoop = Get("--event-loop", "on") == "on",
    Continuations = Get("--continuations", "loop") switch
    {
        "loop" => RpcContinuationMode.EventLoop,
        "pool" => RpcContinuationMode.ThreadPool,
        "inline" => RpcContinuationMode.Inline,
        string other => throw new ArgumentException($"--continuations {other}: loop, pool or inline."),
    },
};
string payload = new('m', size);
byte[] payloadBytes = System.Text.Encoding.UTF8.GetBytes(payload);
bool sync = Get("--api", "async") == "sync";

// Each connection's client and the call it makes, asynchronous and synchronous, through the chosen stubs.
var clients = new List<(IRpcClient Rpc, Func<ValueTask> Call, Action SyncCall)>();
for (int c = 0; c < connections; c++)
{
    var endPoint = new IPEndPoint(IPAddress.Loopback, port);
    IRpcClient rpc = transport switch
    {
        "udp" => RpcClient.CreateUdp(endPoint, clientOptions),
        "unix" => await RpcClient.ConnectUnixAsync(Get("--unix", "/tmp/minirpc-load.sock"), clientOptions),
        _ => await RpcClient.ConnectTcpAsync(endPoint, clientOptions),
    };
    clients.Add(bytes ? BytesCalls(rpc) : StringCalls(rpc));
}

// A connection of its own asks our server what it spent (a C server does not answer): the measured ones stay as they are.
IRpcClient statsClient = transport switch
{
    "udp" => RpcClient.CreateUdp(new IPEndPoint(IPAddress.Loopback, port)),
    "unix" => await RpcClient.ConnectUnixAsync(Get("--unix", "/tmp/minirpc-load.sock")),
    _ => await RpcClient.ConnectTcpAsync(new IPEndPoint(IPAddress.Loopback, port)),
};

if (procedure == "read")
{
    // The sync way when measuring the sync stubs: an asynchronous call would hand the connection to the receive loop.
    if (bytes)
    {
        var stub = new MiniRpc.Load.Bytes.MSGPROG.MSGVER.Client(clients[0].Rpc);
        _ = sync ? stub.SAVEMSG(payloadBytes) : await stub.SAVEMSGAsync(payloadBytes);
    }
    else
    {
        var stub = new MSGPROG.MSGVER.Client(clients[0].Rpc);
        _ = sync ? stub.SAVEMSG(payload) : await stub.SAVEMSGAsync(payload);
    }
}

// Warm up (JIT, tiering, connections), then measure.
using AllocationSampler? sampler = Get("--alloc-types", "off") == "on" ? new AllocationSampler() : null;
await Drive(TimeSpan.FromSeconds(warmup), 0, record: null);
sampler?.Counting = true;
int repeat = GetInt("--repeat", 1);
for (int run = 0; run < repeat; run++)
{
    ServerStats? serverBefore = await ServerStats.TryReadAsync(statsClient);
    var latencies = new LatencyRecorder((int)Math.Min(calls > 0 ? calls : (seconds * 1_000_000) + 1024, 50_000_000)); // up to 1M calls/s
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    using var process = Process.GetCurrentProcess();
    TimeSpan cpuBefore = process.TotalProcessorTime;
    TimeSpan userBefore = process.UserProcessorTime;
    long poolItemsBefore = ThreadPool.CompletedWorkItemCount;
    int gen0Before = GC.CollectionCount(0);
    var wall = Stopwatch.StartNew();
    long done = await Drive(TimeSpan.FromSeconds(seconds), calls, latencies);
    wall.Stop();
    process.Refresh();
    TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
    TimeSpan user = process.UserProcessorTime - userBefore;
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    long poolItems = ThreadPool.CompletedWorkItemCount - poolItemsBefore;
    int gen0 = GC.CollectionCount(0) - gen0Before;
    ServerStats? serverAfter = serverBefore is null ? null : await ServerStats.TryReadAsync(statsClient);
    string server = serverBefore is { } b && serverAfter is { } a ? " " + ServerStats.PerCall(b, a, done) : string.Empty;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"calls {done} calls_per_s {done / wall.Elapsed.TotalSeconds:0} p50_us {latencies.Percentile(50):0.0} p99_us {latencies.Percentile(99):0.0} p999_us {latencies.Percentile(99.9):0.0} client_cpu_us_per_call {cpu.TotalMicroseconds / Math.Max(1, done):0.00} client_user_us_per_call {user.TotalMicroseconds / Math.Max(1, done):0.00} client_bytes_per_call {(double)allocated / Math.Max(1, done):0.0} client_pool_items {poolItems} client_gen0 {gen0}{server}"));
}

foreach (string line in sampler?.Top(8) ?? [])
{
    Console.WriteLine(line);
}

foreach ((IRpcClient rpc, _, _) in clients)
{
    await rpc.DisposeAsync();
}

await statsClient.DisposeAsync();

return 0;

async Task<long> Drive(TimeSpan duration, long limit, LatencyRecorder? record)
{
    long total = 0;
    long deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var workers = new List<Task>();
    foreach ((_, Func<ValueTask> call, Action syncCall) in clients)
    {
        for (int k = 0; k < inFlight; k++)
        {
            if (sync)
            {
                var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                new Thread(() =>
                {
                    try
                    {
                        while (limit > 0 ? Interlocked.Increment(ref total) <= limit : Stopwatch.GetTimestamp() < deadline)
                        {
                            long start = Stopwatch.GetTimestamp();
                            syncCall();
                            record?.Add(Stopwatch.GetTimestamp() - start);
                            if (limit == 0)
                            {
                                Interlocked.Increment(ref total);
                            }
                        }

                        finished.SetResult();
                    }
                    catch (Exception e)
                    {
                        finished.SetException(e); // a failed call ends the run, as in the async workers
                    }
                }) { IsBackground = true }.Start();
                workers.Add(finished.Task);
                continue;
            }

            workers.Add(Task.Run(async () =>
            {
                while (true)
                {
                    if (limit > 0 ? Interlocked.Increment(ref total) > limit : Stopwatch.GetTimestamp() >= deadline)
                    {
                        return;
                    }

                    long start = Stopwatch.GetTimestamp();
                    await call();
                    record?.Add(Stopwatch.GetTimestamp() - start);
                    if (limit == 0)
                    {
                        Interlocked.Increment(ref total);
                    }
                }
            }));
        }
    }

    await Task.WhenAll(workers);
    return limit > 0 ? Math.Min(total, limit) : total;
}

(IRpcClient, Func<ValueTask>, Action) StringCalls(IRpcClient rpc)
{
    var stub = new MSGPROG.MSGVER.Client(rpc);
    return procedure switch
    {
        "save" => (rpc, () => Discard(stub.SAVEMSGAsync(payload)), () => stub.SAVEMSG(payload)),
        "read" => (rpc, () => Discard(stub.READMSGAsync(0)), () => stub.READMSG(0)),
        _ => (rpc, () => stub.NullProcedureAsync(), () => stub.NullProcedure()),
    };
}

(IRpcClient, Func<ValueTask>, Action) BytesCalls(IRpcClient rpc)
{
    var stub = new MiniRpc.Load.Bytes.MSGPROG.MSGVER.Client(rpc);
    return procedure switch
    {
        "save" => (rpc, () => Discard(stub.SAVEMSGAsync(payloadBytes)), () => stub.SAVEMSG(payloadBytes)),
        "read" => (rpc, () => Discard(stub.READMSGAsync(0)), () => stub.READMSG(0)),
        _ => (rpc, () => stub.NullProcedureAsync(), () => stub.NullProcedure()),
    };
}

static async ValueTask Discard<T>(ValueTask<T> call) => await call;
