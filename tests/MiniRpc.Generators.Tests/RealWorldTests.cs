using System.IO;
using Microsoft.CodeAnalysis;
using MiniRpc.Generators.Tests.TestSupport;

namespace MiniRpc.Generators.Tests;

/// <summary>
/// Every real-world .x file the parser reads (the machine's rpcsvc and tirpc files, the NFS corpus, msg.x and the
/// kitchen sink) generates C# that compiles in one project without a warning.
/// </summary>
public class RealWorldTests
{
    /// <summary>
    /// Types that real files use without any .x file defining them (rpcgen expects C to supply their xdr_ routines): a
    /// project that uses those files supplies them the same way, as partial classes in the file's namespace.
    /// </summary>
    private static string Externals()
    {
        var text = new System.Text.StringBuilder("#pragma warning disable CS8981 // the .x names, as in the generated code\n");
        text.AppendLine(External("RpcbProt", "netbuf", "public uint maxlen { get; set; } public byte[] buf { get; set; } = global::System.Array.Empty<byte>();",
            "writer.WriteUInt32(value.maxlen); writer.WriteOpaque(value.buf);", "new() { maxlen = reader.ReadUInt32(), buf = reader.ReadOpaque() }"));
        foreach (string ns in new[] { "KlmProt", "KeyProt", "Nis", "NisObject", "NlmProt" })
        {
            text.AppendLine(External(ns, "netobj", "public byte[] n_bytes { get; set; } = global::System.Array.Empty<byte>();",
                "writer.WriteOpaque(value.n_bytes, 1024);", "new() { n_bytes = reader.ReadOpaque(1024) }"));
        }

        foreach (string ns in new[] { "Corpus.Nfsv41", "Corpus.Nfsv42" })
        {
            // RFC 5531's authsys_parms: MiniRpc.Protocol.AuthSysParameters does the work.
            text.AppendLine(External(ns, "authsys_parms", "public global::MiniRpc.Protocol.AuthSysParameters Parameters { get; set; } = new(0, string.Empty, 0, 0);",
                "value.Parameters.Write(ref writer);", "new() { Parameters = global::MiniRpc.Protocol.AuthSysParameters.Read(ref reader) }"));
        }

        text.AppendLine(External("KeyProt", "des_block", "public byte[] c { get; set; } = new byte[8];",
            "writer.WriteFixedOpaque(value.c, 8);", "new() { c = reader.ReadFixedOpaque(8) }"));
        return text.ToString();
    }

    private static string External(string ns, string type, string members, string encode, string decode) => $$"""
        namespace Real.{{ns}}
        {
            public sealed partial class {{type}}
            {
                {{members}}
                public static void Encode(ref global::MiniRpc.Xdr.XdrWriter writer, {{type}} value) { {{encode}} }
                public static {{type}} Decode(ref global::MiniRpc.Xdr.XdrReader reader) => {{decode}};
            }
        }
        """;

    public static IEnumerable<string> Files()
    {
        var files = new List<string>();
        foreach (string root in new[] { "/usr/include/rpcsvc", "/usr/include/tirpc" })
        {
            if (Directory.Exists(root))
            {
                files.AddRange(Directory.GetFiles(root, "*.x", SearchOption.AllDirectories));
            }
        }

        files.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.x"));
        files.Add(Path.Combine(AppContext.BaseDirectory, "Inputs", "msg.x"));
        files.Add(Path.Combine(AppContext.BaseDirectory, "KitchenSink", "kitchensink.x"));
        return files.Order(StringComparer.Ordinal);
    }

    [Fact]
    public void AllRealWorldFiles_GenerateCodeThatCompilesWarningFreeInOneProject()
    {
        string[] files = Files().ToArray();
        Assert.Contains(files, f => f.EndsWith("nfs_prot.x", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("rpcb_prot.x", StringComparison.Ordinal));
        Assert.True(files.Length >= 20, $"only {files.Length} .x files found: is rpcsvc-proto/libtirpc-dev/libnsl-dev installed (.ci/setup)?");
        XInput[] inputs = files.Select(f => new XInput(f, File.ReadAllText(f), (f.Contains("/Corpus/", StringComparison.Ordinal) ? "Real.Corpus." : "Real.") + Namespace(f))).ToArray();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(inputs);

        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(Externals()), out Compilation output, out _);

        GeneratorRunResult run = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(files.Length, run.GeneratedSources.Length);
        Diagnostic[] problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Take(30).Select(p => p.ToString())));
    }

    private static string Namespace(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return string.Concat(name.Split('_', '-', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
