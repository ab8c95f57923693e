using System.Net;
using MiniRpc.Portmap;

namespace MiniRpc.Tests.Portmap;

public class UniversalAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 111, "127.0.0.1.0.111")]
    [InlineData("0.0.0.0", 23461, "0.0.0.0.91.165")]
    [InlineData("::1", 2049, "::1.8.1")]
    [InlineData("fe80::1:2", 65535, "fe80::1:2.255.255")]
    public void FormatAndParse_RoundTripIPv4AndIPv6(string address, int port, string universal)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);

        Assert.Equal(universal, UniversalAddress.Format(endPoint));
        Assert.True(UniversalAddress.TryParse(universal, out IPEndPoint? parsed));
        Assert.Equal(endPoint, parsed);
    }

    [Fact]
    public void Format_IPv4MappedIPv6_IsWrittenAsIPv4()
    {
        Assert.Equal("10.1.2.3.0.80", UniversalAddress.Format(new IPEndPoint(IPAddress.Parse("10.1.2.3").MapToIPv6(), 80)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1.0")]
    [InlineData("127.0.0.1.256.1")]
    [InlineData("127.0.0.1.1.-1")]
    [InlineData("host.example.0.111")]
    [InlineData("/run/rpcbind.sock")]
    public void TryParse_NotAnIPUniversalAddress_IsFalse(string? text)
    {
        Assert.False(UniversalAddress.TryParse(text, out _));
    }
}
