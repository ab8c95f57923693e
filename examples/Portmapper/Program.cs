// A portmapper of MiniRpc's own: portmap v2 and rpcbind v3/v4 on TCP and UDP, and on rpcbind's Unix socket so
// that libtirpc's servers (pmap_set, svc_reg) register with it. For a machine without rpcbind.
//
//   Portmapper [--listen ADDRESS] [--port PORT] [--unix PATH | --no-unix]
//
// Defaults: 127.0.0.1, port 111, /run/rpcbind.sock. Stops on Ctrl+C or SIGTERM.
using System.Net;
using System.Runtime.InteropServices;
using MiniRpc.Portmap;
using MiniRpc.Server;

IPAddress address = IPAddress.Loopback;
int port = RpcbindClient.Port;
string? unixPath = RpcbindClient.LocalSocketPath;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--listen" when i + 1 < args.Length && IPAddress.TryParse(args[i + 1], out IPAddress? a):
            address = a;
            i++;
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out int p) && p is >= 0 and < 65536:
            port = p;
            i++;
            break;
        case "--unix" when i + 1 < args.Length:
            unixPath = args[++i];
            break;
        case "--no-unix":
            unixPath = null;
            break;
        default:
            Console.Error.WriteLine("usage: Portmapper [--listen ADDRESS] [--port PORT] [--unix PATH | --no-unix]");
            return 2;
    }
}

await using var server = new RpcServer();
IPEndPoint tcp = server.ListenTcp(new IPEndPoint(address, port));
IPEndPoint udp = server.ListenUdp(new IPEndPoint(address, tcp.Port));
if (unixPath is not null)
{
    server.ListenUnix(unixPath);
    if (!OperatingSystem.IsWindows())
    {
        // libtirpc's servers run as any user: the socket is for everyone, as rpcbind's is.
        File.SetUnixFileMode(unixPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
    }
}

var portmapper = new Portmapper();
portmapper.AddTo(server);
Console.WriteLine($"portmapper listening tcp {tcp.Port} udp {udp.Port}{(unixPath is null ? string.Empty : $" unix {unixPath}")}");

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

using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
await server.StopAsync(deadline.Token);
return 0;
