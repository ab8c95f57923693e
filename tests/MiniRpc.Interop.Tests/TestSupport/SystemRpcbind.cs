using System.Diagnostics;
using System.IO;

namespace MiniRpc.Interop.Tests.TestSupport;

/// <summary>
/// The machine's rpcbind (Debian's rpcbind package; .ci/setup installs and starts it). If it is not running, it is
/// started here (as root, as CI runs) and stopped by its PID when the tests end.
/// </summary>
public sealed class SystemRpcbind : IDisposable
{
    private readonly Process? _started;

    public SystemRpcbind()
    {
        if (Answers())
        {
            return;
        }

        if (Process.GetProcessesByName("rpcbind").Length > 0)
        {
            // Running but slow to answer (a loaded machine): a second rpcbind would take over /run/rpcbind.sock
            // without port 111, and registrations made through the socket would be invisible over the network.
            WaitUntilItAnswers(null);
            return;
        }

        _started = Process.Start(new ProcessStartInfo("rpcbind", "-f") { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("cannot start rpcbind (is the rpcbind package installed? .ci/setup installs it)");
        WaitUntilItAnswers(_started);
    }

    public void Dispose()
    {
        if (_started is { HasExited: false })
        {
            _started.Kill();
            _started.WaitForExit(10_000);
        }

        _started?.Dispose();
    }

    /// <summary>rpcinfo's output for <paramref name="arguments"/>, and its exit code.</summary>
    public static (int ExitCode, string Output) Rpcinfo(string arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo("rpcinfo", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(20_000))
        {
            process.Kill();
            throw new TimeoutException($"rpcinfo {arguments} did not finish within 20 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void WaitUntilItAnswers(Process? started)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Answers())
        {
            if (started is { HasExited: true } || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"rpcbind does not answer: {(started is { HasExited: true } ? started.StandardError.ReadToEnd() : "no answer in 20 s")}");
            }

            Thread.Sleep(100);
        }
    }

    private static bool Answers() => File.Exists("/run/rpcbind.sock") && Rpcinfo("-p 127.0.0.1").ExitCode == 0;
}
