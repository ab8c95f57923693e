using System.IO;
using MiniRpc.Interop.Tests.TestSupport;

namespace MiniRpc.Interop.Tests;

/// <summary>
/// Our portmapper (examples/Portmapper) where C programs look for one: port 111 and /run/rpcbind.sock. So as not to
/// disturb the machine's rpcbind, it runs in private network and mount namespaces (unshare, as root: CI is) with
/// only a loopback interface and a /run of its own; rpcinfo and rpcgen's C programs run there with it.
/// </summary>
public sealed class PortmapperNamespaceTests
{
    [Fact]
    public async Task RpcinfoAndRpcgensPmapSet_WorkAgainstOurPortmapper()
    {
        string peers = await MsgPeers.DirectoryAsync();
        string script = Path.Combine(peers, "portmapper-namespace.sh");
        string portmapper = Path.Combine(AppContext.BaseDirectory, "Portmapper.dll");
        await File.WriteAllTextAsync(script, $$"""
            set -eu
            mount -t tmpfs tmpfs /run
            ip link set lo up
            dotnet "{{portmapper}}" > portmapper.log 2>&1 &
            portmapper=$!
            trap 'kill $portmapper ${server:-} 2>/dev/null || true' EXIT
            for i in $(seq 1 150); do rpcinfo -p 127.0.0.1 > /dev/null 2>&1 && break; sleep 0.1; done
            echo "== rpcinfo -p"; rpcinfo -p 127.0.0.1
            echo "== rpcinfo"; rpcinfo 127.0.0.1
            echo "== rpcinfo -t -u"; rpcinfo -t 127.0.0.1 100000 2; rpcinfo -u 127.0.0.1 100000 4
            ./msg_server_rpcgen & server=$!
            for i in $(seq 1 150); do rpcinfo -p 127.0.0.1 | grep -q 345678 && break; sleep 0.1; done
            echo "== after pmap_set"; rpcinfo -p 127.0.0.1 | grep 345678
            rpcinfo -t 127.0.0.1 345678 2; rpcinfo -u 127.0.0.1 345678 2
            echo "== clnt_create"; ./msg_client 127.0.0.1 0 tcp save through-ours read 0
            """);

        string output = await ChildProcess.RunAsync("unshare", $"--net --mount bash {script}", peers);

        string[] sections = output.Split("== ", StringSplitOptions.RemoveEmptyEntries);
        string Section(string name) => sections.Single(s => s.StartsWith(name, StringComparison.Ordinal));
        Assert.Matches(@"100000\s+2\s+tcp\s+111\s+portmapper", Section("rpcinfo -p"));
        Assert.Matches(@"100000\s+4\s+udp\s+111\s+portmapper", Section("rpcinfo -p"));
        Assert.Matches(@"100000\s+4\s+tcp\s+127\.0\.0\.1\.0\.111\s+portmapper\s+superuser", Section("rpcinfo\n"));
        Assert.Contains("program 100000 version 2 ready and waiting", Section("rpcinfo -t -u"), StringComparison.Ordinal);
        Assert.Contains("program 100000 version 4 ready and waiting", Section("rpcinfo -t -u"), StringComparison.Ordinal);
        Assert.Matches(@"345678\s+2\s+tcp\s+\d+", Section("after pmap_set"));
        Assert.Matches(@"345678\s+2\s+udp\s+\d+", Section("after pmap_set"));
        Assert.Equal(2, CountOf(Section("after pmap_set"), "program 345678 version 2 ready and waiting"));
        Assert.Equal(["clnt_create", "save 0", "read " + Convert.ToHexStringLower("through-ours"u8)], Section("clnt_create").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
