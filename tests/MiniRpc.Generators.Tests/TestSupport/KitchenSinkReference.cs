using System.Diagnostics;
using System.IO;
using System.Net;
using System.Threading;

namespace MiniRpc.Generators.Tests.TestSupport;

/// <summary>
/// The C reference for kitchensink.x, built once per test run in a temporary directory: rpcgen (rpcsvc-proto)
/// generates the xdr_ routines, the header, the server dispatchers and the client stubs; gcc compiles them with our
/// C sources against libtirpc into three programs: ks_vectors (prints or round-trips encodings), ks_server (a
/// server without rpcbind, see <see cref="KitchenSinkCServer"/>) and ks_client (calls a server, see
/// <see cref="RunClientAsync"/>).
/// </summary>
internal static class KitchenSinkReference
{
    /// <summary>How long rpcgen, gcc or a C program may run before the test gives up on it.</summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> s_work = new(Generate);
    private static readonly Lazy<string> s_vectorsProgram = new(() => Link("ks_vectors", ["ks_vectors.c", "ks_values.c"], "kitchensink_xdr.o"));
    private static readonly Lazy<string> s_serverProgram = new(() => Link("ks_server", ["ks_server.c"], "kitchensink_svc.o kitchensink_xdr.o"));
    private static readonly Lazy<string> s_clientProgram = new(() => Link("ks_client", ["ks_client.c", "ks_values.c"], "kitchensink_clnt.o kitchensink_xdr.o"));
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> s_vectors = new(() => Parse(Run(s_vectorsProgram.Value, string.Empty, string.Empty)));

    /// <summary>Every value ks_vectors.c encodes, by name, as libtirpc's bytes.</summary>
    public static IReadOnlyDictionary<string, byte[]> Vectors => s_vectors.Value;

    /// <summary>The path of ks_server: KitchenSink/ks_server.c with rpcgen's dispatchers (rpcgen -N -m).</summary>
    public static string ServerProgram => s_serverProgram.Value;

    /// <summary>Hands encodings to the C program, which decodes them with rpcgen's routines and encodes them again.</summary>
    public static IReadOnlyDictionary<string, string> RoundTrip(IEnumerable<(string Name, byte[] Bytes)> encodings)
    {
        string input = string.Concat(encodings.Select(e => $"{e.Name} {Convert.ToHexStringLower(e.Bytes)}\n"));
        return Run(s_vectorsProgram.Value, "roundtrip", input)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    /// <summary>
    /// Runs ks_client (KitchenSink/ks_client.c with rpcgen's client stubs, rpcgen -N -l) against a server and gives
    /// what it printed: per call, the call's name and the rest of its line ("ok HEX" or "error TEXT").
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunClientAsync(IPEndPoint server, string transport)
    {
        string program = s_clientProgram.Value;
        string output = await RunAsync(program, $"{server.Address} {server.Port} {transport}", Path.GetDirectoryName(program)!);
        var lines = new Dictionary<string, string>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            Assert.True(space > 0, $"ks_client printed an unexpected line: {line}");
            Assert.True(lines.TryAdd(line[..space], line[(space + 1)..].TrimEnd()), $"ks_client printed {line[..space]} twice");
        }

        return lines;
    }

    /// <summary>Starts a program with its output and error redirected.</summary>
    public static Process Start(string file, string arguments, string directory, bool redirectInput)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
    }

    /// <summary>What a killed or finished process wrote to a stream, waiting a bounded time for the pipe to close.</summary>
    public static string Drain(Task<string> output) =>
        output.Wait(TimeSpan.FromSeconds(5)) ? output.Result : "(the stream did not close within 5 s)";

    private static IReadOnlyDictionary<string, byte[]> Parse(string output) => output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => Convert.FromHexString(parts[1]));

    /// <summary>Copies the sources to a fresh directory and runs rpcgen there; compiles rpcgen's C files once for all programs.</summary>
    private static string Generate()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "KitchenSink");
        string work = Path.Combine(Path.GetTempPath(), $"minirpc-kitchensink-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(work);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(work, Path.GetFileName(file)), overwrite: true);
        }

        Exec(work, "rpcgen", "-N -h kitchensink.x -o kitchensink.h");
        Exec(work, "rpcgen", "-N -c kitchensink.x -o kitchensink_xdr.c");
        Exec(work, "rpcgen", "-N -m kitchensink.x -o kitchensink_svc.c");
        Exec(work, "rpcgen", "-N -l kitchensink.x -o kitchensink_clnt.c");

        // rpcgen's own output may warn: compiled without -Wall, unlike our sources in Link.
        foreach (string generated in new[] { "kitchensink_xdr", "kitchensink_svc", "kitchensink_clnt" })
        {
            Exec(work, "gcc", $"-O0 -I/usr/include/tirpc -c {generated}.c -o {generated}.o");
        }

        return work;
    }

    /// <summary>Compiles our C sources warning-free (-Wall -Werror) and links them with rpcgen's objects and libtirpc.</summary>
    private static string Link(string program, string[] sources, string generatedObjects)
    {
        string work = s_work.Value;
        foreach (string source in sources)
        {
            Exec(work, "gcc", $"-O0 -Wall -Werror -I/usr/include/tirpc -c {source} -o {Path.ChangeExtension(source, ".o")}");
        }

        string objects = string.Join(' ', sources.Select(s => Path.ChangeExtension(s, ".o")));
        Exec(work, "gcc", $"{objects} {generatedObjects} -ltirpc -o {program}");
        return Path.Combine(work, program);
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Exec(string directory, string file, string arguments) => Run(file, arguments, string.Empty, directory);

    private static string Run(string file, string arguments, string input, string? directory = null)
    {
        using Process process = Start(file, arguments, directory ?? Path.GetDirectoryName(file)!, redirectInput: true);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(ProcessTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {ProcessTimeout.TotalSeconds} s: {Drain(stderr)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {Drain(stderr)}");
        }

        return stdout.Result;
    }

    private static async Task<string> RunAsync(string file, string arguments, string directory)
    {
        using Process process = Start(file, arguments, directory, redirectInput: false);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{file} {arguments} did not finish within {ProcessTimeout.TotalSeconds} s; it printed: {Drain(stdout)}; stderr: {Drain(stderr)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {Drain(stderr)}");
        }

        return await stdout.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
