// Uses only what the MiniRpc package gives: stubs generated from greet.x (picked up as **/*.x by default),
// a server and a client on loopback.
using System.Net;
using Consumer;
using MiniRpc.Client;
using MiniRpc.Server;

await using var server = new RpcServer();
server.AddService(GREETPROG.GREETVERS.BindService(new Greeter()));
IPEndPoint endPoint = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));

await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(endPoint);
var client = new GREETPROG.GREETVERS.Client(rpc);
greeting reply = await client.GREETAsync(new person { name = "package", age = 3 });
Console.WriteLine($"{reply.text} ({reply.length})");
return reply.text == "hello, package" && reply.length == 14 ? 0 : 1;

internal sealed class Greeter : GREETPROG.GREETVERS.IService
{
    public ValueTask<greeting> GREET(person arg1, RpcCallContext context)
    {
        string text = $"hello, {arg1.name}";
        return ValueTask.FromResult(new greeting { text = text, length = text.Length });
    }
}
