using System.Diagnostics;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using MiniRpc.Client;
using MiniRpc.Interop.Tests.TestSupport;
using MiniRpc.Server;
using MiniRpc.Xdr;
using MsgServer;

namespace MiniRpc.Interop.Tests;

/// <summary>
/// Wireshark's ONC RPC dissector reads what we send: an exchange on loopback is captured with tshark (as root,
/// as CI runs) and dissected, and every call and reply must decode with no malformed-packet warning.
/// </summary>
public sealed class WiresharkTests : IDisposable
{
    private readonly string _pcap = Path.Combine(Path.GetTempPath(), $"minirpc-{Guid.NewGuid():N}.pcapng");
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"minirpc-ws-{Guid.NewGuid():N}.dat");

    public void Dispose()
    {
        File.Delete(_pcap);
        File.Delete(_data);
    }

    [Fact]
    public async Task CapturedExchange_DecodesAsOncRpcWithNoMalformedPacket()
    {
        using MessageLog log = MessageLog.Open(_data);
        await using var server = new RpcServer();
        server.AddService(MSGPROG.MSGVER.BindService(new MsgService(log)));
        IPEndPoint tcp = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint udp = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));

        using (Process capture = await StartCaptureAsync($"-i lo -f \"tcp port {tcp.Port} or udp port {udp.Port}\" -w {_pcap} -P -l"))
        {
            // tshark may say "Capturing on" a moment before it sees packets: ping until it prints one.
            await using (IRpcClient probe = RpcClient.CreateUdp(udp))
            {
                var pinger = new MSGPROG.MSGVER.Client(probe);
                Task<string?> firstPacket = capture.StandardOutput.ReadLineAsync();
                for (int attempt = 0; attempt < 30 && !firstPacket.IsCompleted; attempt++)
                {
                    await pinger.NullProcedureAsync();
                    await Task.WhenAny(firstPacket, Task.Delay(TimeSpan.FromSeconds(1)));
                }

                Assert.True(firstPacket.IsCompleted && await firstPacket is not null, "tshark captured nothing");
            }

            _ = capture.StandardOutput.ReadToEndAsync();
            await using (IRpcClient overTcp = await RpcClient.ConnectTcpAsync(tcp))
            {
                var client = new MSGPROG.MSGVER.Client(overTcp);
                await client.SAVEMSGAsync("hello");
                await client.READMSGAsync(0);
                await client.SAVEMSGAsync(new string('x', 70_000)); // two fragments
                await client.NullProcedureAsync();
                await Assert.ThrowsAsync<RpcProcedureUnavailableException>(() =>
                    overTcp.CallAsync(MSGPROG.Program, MSGPROG.MSGVER.Version, 3, XdrVoid.Value, XdrVoid.Encoder, XdrVoid.Decoder).AsTask());
            }

            await using (IRpcClient overUdp = RpcClient.CreateUdp(udp, new RpcClientOptions { Credential = new MiniRpc.Protocol.AuthSysParameters(7, "capture", 1000, 100, [100]).ToOpaqueAuth() }))
            {
                var client = new MSGPROG.MSGVER.Client(overUdp);
                await client.SAVEMSGAsync("over udp");
                await client.READMSGAsync(0);
            }

            await Task.Delay(500); // let the last packets reach the capture
            Stop(capture);
        }

        // MSGPROG is no program Wireshark knows: ask it to dissect the RPC layer of unknown programs too.
        string decodeAs = $"-o rpc.dissect_unknown_programs:TRUE -d tcp.port=={tcp.Port},rpc -d udp.port=={udp.Port},rpc";
        string calls = await ChildProcess.RunAsync("tshark", $"-r {_pcap} {decodeAs} -Y \"rpc.msgtyp == 0\" -T fields -E separator=, -E occurrence=f -e rpc.program -e rpc.programversion -e rpc.procedure", Path.GetTempPath());
        string replies = await ChildProcess.RunAsync("tshark", $"-r {_pcap} {decodeAs} -Y \"rpc.msgtyp == 1\" -T fields -E occurrence=f -e rpc.state_accept", Path.GetTempPath());
        string verbose = await ChildProcess.RunAsync("tshark", $"-r {_pcap} {decodeAs} -V", Path.GetTempPath());

        Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
        // The probes (NULL calls, SUCCESS replies) come first; then the exchange above, call by call.
        Assert.Equal(
            ["345678,2,1", "345678,2,2", "345678,2,1", "345678,2,0", "345678,2,3", "345678,2,1", "345678,2,2"],
            calls.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipWhile(c => c == "345678,2,0"));
        string[] replyStates = replies.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0", "0", "0", "0", "3", "0", "0"], replyStates.Skip(replyStates.Length - 7));
        Assert.Contains("Flavor: AUTH_UNIX (1)", verbose, StringComparison.Ordinal);
        Assert.Contains("Machine Name: capture", verbose, StringComparison.Ordinal);
        Assert.Contains("Last Fragment: No", verbose, StringComparison.Ordinal);
    }

    private static async Task<Process> StartCaptureAsync(string arguments)
    {
        var start = new ProcessStartInfo("tshark", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start tshark");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            string? line = await process.StandardError.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new InvalidOperationException("tshark ended before capturing (is it installed, and are we allowed to capture on lo?)");
            }

            if (line.StartsWith("Capturing on", StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync();
                return process;
            }
        }
    }

    /// <summary>SIGINT, so that tshark finishes the capture file, then wait (bounded).</summary>
    private static void Stop(Process capture)
    {
        _ = Kill(capture.Id, 2);
        if (!capture.WaitForExit(30_000))
        {
            capture.Kill();
            throw new TimeoutException("tshark did not stop within 30 s");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
