using System.Net;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Tests.TestSupport;

namespace MiniRpc.Tests.Rpc;

public class UdpRetransmissionTests
{
    [Fact]
    public async Task LossyRelay_DroppingDuplicatingAndReordering_EveryCallStillGetsItsOwnAnswer()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        await using var relay = new LossyUdpRelay(endPoint, seed: 5531, drop: 0.25, duplicate: 0.15, delay: 0.2);
        var options = new RpcClientOptions
        {
            UdpRetransmitInterval = TimeSpan.FromMilliseconds(50),
            UdpMaxRetransmitInterval = TimeSpan.FromMilliseconds(400),
            Timeout = TimeSpan.FromSeconds(15),
        };
        await using IRpcClient client = RpcClient.CreateUdp(relay.EndPoint, options);

        string[] answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.EchoAsync($"call {i}").AsTask())).Bounded();

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call {i}"), answers);
        Assert.True(relay.Dropped > 0 && relay.Duplicated > 0 && relay.Delayed > 0, $"dropped {relay.Dropped}, duplicated {relay.Duplicated}, delayed {relay.Delayed}");
    }

    [Fact]
    public async Task EverythingDropped_TimesOutAfterTheTotalTimeout()
    {
        await using RpcServer server = TestService.CreateServer();
        IPEndPoint endPoint = server.ListenUdp(new IPEndPoint(IPAddress.Loopback, 0));
        await using var relay = new LossyUdpRelay(endPoint, seed: 1, drop: 1.0, duplicate: 0, delay: 0);
        var options = new RpcClientOptions
        {
            UdpRetransmitInterval = TimeSpan.FromMilliseconds(20),
            UdpMaxRetransmitInterval = TimeSpan.FromMilliseconds(40),
            Timeout = TimeSpan.FromSeconds(1.5),
        };
        await using IRpcClient client = RpcClient.CreateUdp(relay.EndPoint, options);

        var e = await Assert.ThrowsAsync<RpcTimeoutException>(() => client.EchoAsync("lost").Bounded());

        Assert.Equal(TimeSpan.FromSeconds(1.5), e.Timeout);

        Assert.True(relay.Dropped >= 3, $"only {relay.Dropped} datagrams were sent: the client did not retransmit");
    }
}
