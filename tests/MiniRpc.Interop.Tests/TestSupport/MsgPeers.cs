using System.IO;

namespace MiniRpc.Interop.Tests.TestSupport;

/// <summary>
/// The C reference peers of msg.x, built once per test run: rpcgen makes the header, the XDR routines, the client
/// stubs and the server dispatcher from msg.x; gcc compiles them with CPeers/msg_server.c and msg_client.c against
/// libtirpc.
/// </summary>
internal static class MsgPeers
{
    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static string? s_directory;

    public static async Task<string> DirectoryAsync()
    {
        await s_lock.WaitAsync();
        try
        {
            return s_directory ??= await BuildAsync();
        }
        finally
        {
            s_lock.Release();
        }
    }

    public static async Task<string> ServerAsync() => Path.Combine(await DirectoryAsync(), "msg_server");

    public static async Task<string> ClientAsync() => Path.Combine(await DirectoryAsync(), "msg_client");

    /// <summary>The C server with rpcgen's own main (rpcgen -s tcp -s udp), which registers with pmap_set.</summary>
    public static async Task<string> RpcgenServerAsync() => Path.Combine(await DirectoryAsync(), "msg_server_rpcgen");

    private static async Task<string> BuildAsync()
    {
        string work = Path.Combine(Path.GetTempPath(), $"minirpc-msg-peers-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "CPeers")))
        {
            File.Copy(file, Path.Combine(work, Path.GetFileName(file)), overwrite: true);
        }

        await ChildProcess.RunAsync("rpcgen", "-h msg.x -o msg.h", work);
        await ChildProcess.RunAsync("rpcgen", "-c msg.x -o msg_xdr.c", work);
        await ChildProcess.RunAsync("rpcgen", "-l msg.x -o msg_clnt.c", work);
        await ChildProcess.RunAsync("rpcgen", "-m msg.x -o msg_svc.c", work);
        await ChildProcess.RunAsync("gcc", "-O1 -I/usr/include/tirpc msg_server.c msg_svc.c msg_xdr.c -ltirpc -o msg_server", work);
        await ChildProcess.RunAsync("gcc", "-O1 -I/usr/include/tirpc msg_client.c msg_clnt.c msg_xdr.c -ltirpc -o msg_client", work);
        await ChildProcess.RunAsync("rpcgen", "-s tcp -s udp msg.x -o msg_svc_main.c", work);
        await ChildProcess.RunAsync("gcc", "-O1 -I/usr/include/tirpc -DRPCGEN_MAIN msg_server.c msg_svc_main.c msg_xdr.c -ltirpc -o msg_server_rpcgen", work);
        return work;
    }
}
