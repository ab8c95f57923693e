// The msg.x demo: a MSGPROG server and its clients on loopback, in one process, over TCP and UDP, through the
// stubs the MiniRpc source generator makes from msg.x at build time (MSGPROG.MSGVER.Client, .IService, .BindService).
using System;
using System.Buffers;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MiniRpc.Client;
using MiniRpc.Demo;
using MiniRpc.Protocol;
using MiniRpc.Server;
using MiniRpc.Transport;
using MiniRpc.Xdr;

using var loggerFactory = new DemoLoggerFactory(LogLevel.Debug);
var store = new MessageStore();

Console.WriteLine("MiniRpc demo: msg.x (program MSGPROG 345678, version MSGVER 2) on loopback");
Console.WriteLine();
Console.WriteLine("1. The server: one RpcServer serving MSGPROG version 2 on TCP and UDP, on free ports");
await using var server = new RpcServer(loggerFactory: loggerFactory);
server.AddService(MSGPROG.MSGVER.BindService(store));
IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
Console.WriteLine($"   listening on tcp {tcp} and udp {udp}");
Console.WriteLine();

Console.WriteLine("2. A client over TCP: SAVEMSG twice, READMSG three times, NULL, and a procedure MSGPROG lacks");
await using (IRpcClient rpc = await RpcClient.ConnectTcpAsync(tcp, loggerFactory: loggerFactory))
{
    var client = new MSGPROG.MSGVER.Client(rpc);
    Console.WriteLine($"   SAVEMSG(\"hello\") = {await client.SAVEMSGAsync("hello")}");
    Console.WriteLine($"   SAVEMSG(\"gr\u00fc\u00dfe\\nzwei Zeilen\") = {await client.SAVEMSGAsync("gr\u00fc\u00dfe\nzwei Zeilen")}");
    Console.WriteLine($"   READMSG(0) = \"{await client.READMSGAsync(0)}\"");
    Console.WriteLine($"   READMSG(1) = \"{(await client.READMSGAsync(1)).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
    Console.WriteLine($"   READMSG(7) = \"{await client.READMSGAsync(7)}\" (no such message)");
    await client.NullProcedureAsync();
    Console.WriteLine("   NULL() answered");
    try
    {
        await rpc.CallAsync(MSGPROG.Program, MSGPROG.MSGVER.Version, 3, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder);
    }
    catch (RpcProcedureUnavailableException e)
    {
        Console.WriteLine($"   procedure 3: {e.Message}");
    }
}

Console.WriteLine();
Console.WriteLine("3. A client over UDP: one datagram per call, retransmitted if lost");
await using (IRpcClient rpc = RpcClient.CreateUdp(udp, loggerFactory: loggerFactory))
{
    var client = new MSGPROG.MSGVER.Client(rpc);
    Console.WriteLine($"   SAVEMSG(\"over udp\") = {await client.SAVEMSGAsync("over udp")}");
    Console.WriteLine($"   READMSG(2) = \"{await client.READMSGAsync(2)}\"");
}

Console.WriteLine();
Console.WriteLine("4. On the wire, a SAVEMSG(\"hello\") call over TCP is byte for byte what libtirpc sends:");
var wire = new ArrayBufferWriter<byte>();
var writer = new XdrWriter(wire);
new CallHeader(0xcafe0002, MSGPROG.Program, MSGPROG.MSGVER.Version, MSGPROG.MSGVER.SAVEMSG).Write(ref writer);
writer.WriteString("hello");
writer.Flush();
var framed = new ArrayBufferWriter<byte>();
RecordMarking.WriteRecord(wire.WrittenSpan, framed);
Console.WriteLine($"   {Convert.ToHexStringLower(framed.WrittenSpan)}");
Console.WriteLine();

Console.WriteLine("5. Graceful stop: no new calls, calls in flight finish, then every socket closes");
using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
{
    await server.StopAsync(deadline.Token);
}

Console.WriteLine();
Console.WriteLine($"Done: {store.Count} messages saved and read back over TCP and UDP.");
return 0;
