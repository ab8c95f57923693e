using System.Net;
using KitchenSink;
using MiniRpc.Generators.Tests.TestSupport;
using MiniRpc.Server;

namespace MiniRpc.Generators.Tests;

/// <summary>
/// ks_client, rpcgen's client stubs and libtirpc with KitchenSink/ks_client.c built at test time, against our server
/// bound with the service skeletons generated from kitchensink.x. The C client encodes each result again with
/// rpcgen's xdr_ routines: that must be what our codecs make of the expected value.
/// </summary>
public sealed class KitchenSinkCClientInteropTests : IAsyncLifetime
{
    private readonly RpcServer _server = new();
    private IPEndPoint _tcp = null!;
    private IPEndPoint _udp = null!;

    public Task InitializeAsync()
    {
        var service = new KitchenSinkService();
        _server.AddService(KSPROG.KSVERS1.BindService(service));
        _server.AddService(KSPROG.KSVERS2.BindService(service));
        _tcp = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _udp = _server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task RpcgenClient_EveryProcedure_GetsWhatOurServerShouldAnswer(string transport)
    {
        IReadOnlyDictionary<string, string> expected = ExpectedLines(transport);

        IReadOnlyDictionary<string, string> printed = await KitchenSinkReference.RunClientAsync(transport == "tcp" ? _tcp : _udp, transport);

        Assert.Equal(expected.Keys.Order(), printed.Keys.Order());
        foreach ((string call, string line) in expected)
        {
            Assert.True(line == printed[call], $"{call}: {Difference(line, printed[call])}");
        }
    }

    [Fact]
    public async Task RpcgenClient_Echo64KiBBlobInSeveralFragments_IsReassembledByOurServer()
    {
        await using var tap = new RecordMarkingTap(_tcp);

        IReadOnlyDictionary<string, string> printed = await KitchenSinkReference.RunClientAsync(tap.EndPoint, "tcp");

        Assert.Equal(ExpectedLines("tcp")["ks_echo_big"], printed["ks_echo_big"]);
        Assert.Contains(tap.Calls, fragments => fragments.Length > 1 && fragments.Sum() > KitchenSinkInteropValues.BigBlobLength);
    }

    /// <summary>What ks_client should print after each call's name, against a server that behaves as ours must.</summary>
    private static Dictionary<string, string> ExpectedLines(string transport)
    {
        var lines = new Dictionary<string, string>
        {
            ["ks_null"] = "ok",
            ["ks_echo_everything"] = Ok(KitchenSinkValues.Everything(), ks_everything.Encode),
            ["ks_echo_sparse"] = Ok(KitchenSinkValues.Sparse(), ks_everything.Encode),
            ["ks_add"] = Ok(5_000_000_000L, static (ref w, v) => w.WriteInt64(v)),
            ["ks_add_negative"] = Ok(-9_000_000_000_000_000_001L, static (ref w, v) => w.WriteInt64(v)),
            ["ks_check_message"] = Ok<ks_result>(new ks_result.CaseMinus3 { message = "n:KS_GREEN" }, ks_result.Encode),
            ["ks_check_longest_name"] = Ok<ks_result>(new ks_result.CaseMinus3 { message = $"{KitchenSinkInteropValues.LongestName}:KS_INFRARED" }, ks_result.Encode),
            ["ks_check_default"] = Ok<ks_result>(new ks_result.Default(7) { code = 7 }, ks_result.Encode),
            ["ks_check_negative_default"] = Ok<ks_result>(new ks_result.Default(-100) { code = -100 }, ks_result.Encode),
            ["ks_check_system_error"] = "error ks_check_system_error: RPC: Remote system error",
            ["ks_reverse_pair"] = Ok(new ks_node { value = 2, label = "b", next = new ks_node { value = 1, label = "a" } }, ks_node.Encode),
            ["ks_reverse_list"] = Ok(KitchenSinkInteropValues.ReversedList(100), ks_node.Encode),
            ["ks_ping"] = "ok",
            ["null_version_2"] = "ok",
            ["unknown_procedure"] = "error unknown_procedure: RPC: Procedure unavailable",
            ["unknown_version"] = "error unknown_version: RPC: Program/version mismatch; low version = 1, high version = 2",

            // Unlike libtirpc's UDP server, ours refuses arguments cut short on UDP too.
            ["garbage_arguments"] = "error garbage_arguments: RPC: Server can't decode arguments",
        };
        if (transport == "tcp")
        {
            lines["ks_echo_big"] = Ok(KitchenSinkInteropValues.Big(), ks_everything.Encode);
        }

        return lines;
    }

    private static string Ok<T>(T value, MiniRpc.Xdr.XdrEncoder<T> encode) => $"ok {KitchenSinkInteropValues.Hex(value, encode)}";

    /// <summary>Where two long lines part, with some context: a whole line would drown the difference.</summary>
    private static string Difference(string expected, string printed)
    {
        int at = 0;
        while (at < expected.Length && at < printed.Length && expected[at] == printed[at])
        {
            at++;
        }

        int from = Math.Max(0, at - 40);
        string Window(string line) => line[from..Math.Min(line.Length, at + 80)];
        return $"ks_client's line ({printed.Length} characters) differs from the expected one ({expected.Length}) at character {at}: "
            + $"expected '...{Window(expected)}...', printed '...{Window(printed)}...'";
    }
}
