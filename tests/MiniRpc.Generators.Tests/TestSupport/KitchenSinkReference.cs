using System.Diagnostics;
using System.IO;

namespace MiniRpc.Generators.Tests.TestSupport;

/// <summary>
/// The C reference for kitchensink.x, built at test time: rpcgen (rpcsvc-proto) generates the xdr_ routines, gcc
/// compiles them with KitchenSink/ks_vectors.c against libtirpc, and the program prints or round-trips encodings.
/// </summary>
internal static class KitchenSinkReference
{
    private static readonly Lazy<string> s_program = new(Build);

    /// <summary>Every value ks_vectors.c encodes, by name, as libtirpc's bytes.</summary>
    public static IReadOnlyDictionary<string, byte[]> Vectors => s_vectors.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> s_vectors = new(() => Parse(Run(s_program.Value, string.Empty, string.Empty)));

    /// <summary>Hands encodings to the C program, which decodes them with rpcgen's routines and encodes them again.</summary>
    public static IReadOnlyDictionary<string, string> RoundTrip(IEnumerable<(string Name, byte[] Bytes)> encodings)
    {
        string input = string.Concat(encodings.Select(e => $"{e.Name} {Convert.ToHexStringLower(e.Bytes)}\n"));
        return Run(s_program.Value, "roundtrip", input)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    private static IReadOnlyDictionary<string, byte[]> Parse(string output) => output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => Convert.FromHexString(parts[1]));

    private static string Build()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "KitchenSink");
        string work = Path.Combine(Path.GetTempPath(), $"minirpc-kitchensink-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        File.Copy(Path.Combine(source, "kitchensink.x"), Path.Combine(work, "kitchensink.x"), overwrite: true);
        File.Copy(Path.Combine(source, "ks_vectors.c"), Path.Combine(work, "ks_vectors.c"), overwrite: true);
        Exec(work, "rpcgen", "-N -h kitchensink.x -o kitchensink.h");
        Exec(work, "rpcgen", "-N -c kitchensink.x -o kitchensink_xdr.c");
        Exec(work, "gcc", "-O0 -I/usr/include/tirpc ks_vectors.c kitchensink_xdr.c -ltirpc -o ks_vectors");
        return Path.Combine(work, "ks_vectors");
    }

    private static void Exec(string directory, string file, string arguments) => Run(file, arguments, string.Empty, directory);

    private static string Run(string file, string arguments, string input, string? directory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory ?? Path.GetDirectoryName(file)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }
}
