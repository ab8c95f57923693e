using System.Diagnostics;
using System.IO;

namespace MiniRpc.Interop.Tests.TestSupport;

/// <summary>A program started by a test: its first output line read with a bound, killed (whole tree) when disposed.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string file, string arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(file) ?? ".",
        };
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}"));
    }

    /// <summary>The next line the program prints, within the wait bound.</summary>
    public async Task<string> ReadLineAsync()
    {
        string? line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return line ?? throw new InvalidOperationException($"the program ended before printing: {await _process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>SIGKILL: no chance to flush or clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    /// <summary>Runs a program to its end and returns what it printed; fails on a non-zero exit or after 60 s.</summary>
    public static async Task<string> RunAsync(string file, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }
}
