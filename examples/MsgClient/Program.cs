// The msg client: calls a msg server's SAVEMSG and READMSG (msg.x) over TCP or UDP.
//
//   MsgClient [--host ADDRESS] --port PORT [--udp] [--timeout SECONDS] save TEXT | read INDEX | ping
//
// Exit codes: 0 done, 2 usage, 3 the call failed (the message says why: server down, timeout, no such program).
using System.Globalization;
using System.Net;
using MiniRpc.Client;
using MsgClient;

string host = "127.0.0.1";
int port = -1;
bool udp = false;
double timeout = 25;
var rest = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--host" when i + 1 < args.Length:
            host = args[++i];
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out int p) && p is > 0 and < 65536:
            port = p;
            i++;
            break;
        case "--udp":
            udp = true;
            break;
        case "--timeout" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double t) && t > 0:
            timeout = t;
            i++;
            break;
        default:
            rest.Add(args[i]);
            break;
    }
}

bool valid = port > 0 && rest.Count switch
{
    1 => rest[0] == "ping",
    2 => rest[0] == "save" || (rest[0] == "read" && int.TryParse(rest[1], out _)),
    _ => false,
};
if (!valid)
{
    Console.Error.WriteLine("usage: MsgClient [--host ADDRESS] --port PORT [--udp] [--timeout SECONDS] save TEXT | read INDEX | ping");
    return 2;
}

try
{
    IPAddress address = IPAddress.TryParse(host, out IPAddress? parsed) ? parsed : (await Dns.GetHostAddressesAsync(host))[0];
    var endPoint = new IPEndPoint(address, port);
    var options = new RpcClientOptions { Timeout = TimeSpan.FromSeconds(timeout) };
    await using IRpcClient rpc = udp ? RpcClient.CreateUdp(endPoint, options) : await RpcClient.ConnectTcpAsync(endPoint, options);
    var client = new MSGPROG.MSGVER.Client(rpc);
    switch (rest[0])
    {
        case "save":
            int index = await client.SAVEMSGAsync(rest[1]);
            Console.WriteLine(index >= 0 ? $"saved as message {index}" : "the server could not store the message (SAVEMSG returned -1)");
            return index >= 0 ? 0 : 3;
        case "read":
            Console.WriteLine(await client.READMSGAsync(int.Parse(rest[1], CultureInfo.InvariantCulture)));
            return 0;
        default:
            await client.NullProcedureAsync();
            Console.WriteLine($"{endPoint} answers MSGPROG version 2");
            return 0;
    }
}
catch (RpcConnectionException e)
{
    Console.Error.WriteLine($"MsgClient: server down or unreachable: {e.Message}");
}
catch (RpcTimeoutException e)
{
    Console.Error.WriteLine($"MsgClient: timeout: {e.Message}");
}
catch (RpcProgramUnavailableException)
{
    Console.Error.WriteLine($"MsgClient: {host}:{port} does not offer MSGPROG ({MSGPROG.Program})");
}
catch (RpcProgramMismatchException e)
{
    Console.Error.WriteLine($"MsgClient: {host}:{port} offers MSGPROG versions {e.Low} to {e.High}, not {MSGPROG.MSGVER.Version}");
}
catch (RpcException e)
{
    Console.Error.WriteLine($"MsgClient: {e.Message}");
}
catch (System.Net.Sockets.SocketException e)
{
    Console.Error.WriteLine($"MsgClient: cannot resolve {host}: {e.Message}");
}

return 3;
