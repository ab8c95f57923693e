using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;

namespace MiniRpc.Generators.Tests.TestSupport;

/// <summary>
/// A running ks_server: rpcgen's KSPROG dispatchers with KitchenSink/ks_server.c's procedures, served by libtirpc
/// on 127.0.0.1 over TCP and UDP without rpcbind. Disposing kills it.
/// </summary>
internal sealed class KitchenSinkCServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private KitchenSinkCServer(Process process, Task<string> stderr, IPEndPoint tcp, IPEndPoint udp)
    {
        _process = process;
        _stderr = stderr;
        Tcp = tcp;
        Udp = udp;
    }

    /// <summary>The TCP transport's address.</summary>
    public IPEndPoint Tcp { get; }

    /// <summary>The UDP transport's address.</summary>
    public IPEndPoint Udp { get; }

    /// <summary>The address of one transport, by name: "tcp" or "udp".</summary>
    public IPEndPoint EndPoint(string transport) => transport == "tcp" ? Tcp : Udp;

    /// <summary>Builds ks_server if needed, starts it, and waits for the line with its ports.</summary>
    public static async Task<KitchenSinkCServer> StartAsync()
    {
        string program = KitchenSinkReference.ServerProgram;
        Process process = KitchenSinkReference.Start(program, string.Empty, Path.GetDirectoryName(program)!, redirectInput: false);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(s_startTimeout);
        }
        catch (TimeoutException)
        {
            line = $"nothing within {s_startTimeout.TotalSeconds} s";
        }

        string[] parts = line?.Split(' ') ?? [];
        if (parts.Length != 4 || parts[0] != "tcp" || parts[2] != "udp"
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int tcpPort)
            || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out int udpPort))
        {
            throw new InvalidOperationException($"ks_server printed '{line}' instead of its ports; stderr: {Stop(process, stderr)}");
        }

        return new KitchenSinkCServer(process, stderr, new IPEndPoint(IPAddress.Loopback, tcpPort), new IPEndPoint(IPAddress.Loopback, udpPort));
    }

    /// <summary>Kills the server.</summary>
    /// <exception cref="InvalidOperationException">The server had already ended: it crashed during the test.</exception>
    public ValueTask DisposeAsync()
    {
        bool crashed = _process.HasExited;
        int exitCode = crashed ? _process.ExitCode : 0;
        string error = Stop(_process, _stderr);
        if (crashed)
        {
            throw new InvalidOperationException($"ks_server ended during the test ({exitCode}): {error}");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Kills the process and everything it started, waits a bounded time for it, and gives its error output.</summary>
    private static string Stop(Process process, Task<string> stderr)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // it exited between the check and the kill
        }

        string error = KitchenSinkReference.Drain(stderr);
        process.Dispose();
        return error;
    }
}
