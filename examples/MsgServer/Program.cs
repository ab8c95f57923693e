// The msg server: MSGPROG version 2 from msg.x, messages kept durably in msg.dat, on TCP and UDP.
//
//   MsgServer [--listen ADDRESS] [--tcp PORT] [--udp PORT] [--data FILE] [--register] [--verbose]
//
// Port 0 (the default) picks a free port; the first line printed says which. --register registers MSGPROG with the
// local portmapper (rpcbind), so that clnt_create(host, MSGPROG, MSGVER, "tcp") finds it; a graceful stop
// (Ctrl+C, SIGTERM) unregisters it.
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using MiniRpc.Server;
using MsgServer;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
bool verbose = false;
bool register = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--verbose":
            verbose = true;
            break;
        case "--register":
            register = true;
            break;
        case "--listen" or "--tcp" or "--udp" or "--data" when i + 1 < args.Length:
            options[args[i]] = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: MsgServer [--listen ADDRESS] [--tcp PORT] [--udp PORT] [--data FILE] [--register] [--verbose]");
            return 2;
    }
}

if (!IPAddress.TryParse(options.GetValueOrDefault("--listen", "127.0.0.1"), out IPAddress? address)
    || !ushort.TryParse(options.GetValueOrDefault("--tcp", "0"), out ushort tcpPort)
    || !ushort.TryParse(options.GetValueOrDefault("--udp", "0"), out ushort udpPort))
{
    Console.Error.WriteLine("MsgServer: --listen takes an IP address, --tcp and --udp a port (0 for a free one)");
    return 2;
}

string dataPath = Path.GetFullPath(options.GetValueOrDefault("--data", "msg.dat"));
using ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));

using MessageLog log = MessageLog.Open(dataPath);
await using var server = new RpcServer(loggerFactory: loggerFactory);
server.AddService(MSGPROG.MSGVER.BindService(new MsgService(log)));
IPEndPoint tcp = server.ListenTcp(new IPEndPoint(address!, tcpPort));
IPEndPoint udp = server.ListenUdp(new IPEndPoint(address!, udpPort));
if (register)
{
    try
    {
        await server.RegisterWithPortmapperAsync();
    }
    catch (Exception e) when (e is MiniRpc.Client.RpcException or InvalidOperationException)
    {
        Console.Error.WriteLine($"MsgServer: cannot register with the portmapper: {e.Message}");
        return 3;
    }
}

Console.WriteLine($"listening tcp {tcp.Port} udp {udp.Port} on {address}, {log.Count} messages in {dataPath}" +
    (log.DroppedBytes > 0 ? $" (dropped a torn tail of {log.DroppedBytes} bytes)" : string.Empty) +
    (register ? ", registered with the portmapper" : string.Empty));

using var stop = new CancellationTokenSource();
using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("stopping");
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
await server.StopAsync(deadline.Token);
return 0;
