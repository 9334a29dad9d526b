using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>Addresses by value: IPv4 and its mapped form are one key; received socket addresses read without allocating.</summary>
public sealed class TransportAddressTests
{
    [Fact]
    public void IPv4_EqualsItsMappedForm()
    {
        var plain = TransportAddress.FromEndPoint(IPEndPoint.Parse("192.0.2.1:5000"));
        var mapped = TransportAddress.FromEndPoint(IPEndPoint.Parse("[::ffff:192.0.2.1]:5000"));

        Assert.Equal(plain, mapped);
        Assert.Equal(plain.GetHashCode(), mapped.GetHashCode());
        Assert.True(plain.IsIPv4);
        Assert.Equal("192.0.2.1:5000", plain.ToString());
        Assert.NotEqual(plain, TransportAddress.FromEndPoint(IPEndPoint.Parse("192.0.2.1:5001")));
    }

    [Theory]
    [InlineData("127.0.0.1:10000")]
    [InlineData("[2001:db8::7]:443")]
    [InlineData("[::ffff:10.1.2.3]:9")]
    public void SocketAddress_RoundTrips(string text)
    {
        var endPoint = IPEndPoint.Parse(text);

        Assert.True(TransportAddress.TryFromSocketAddress(endPoint.Serialize(), out var address));

        Assert.Equal(TransportAddress.FromEndPoint(endPoint), address);
        Assert.Equal(endPoint.Port, address.Port);
        Span<byte> bytes = stackalloc byte[16];
        var length = address.WriteAddress(bytes);
        Assert.Equal(address.IsIPv4 ? 4 : 16, length);
    }

    [Fact]
    public void SocketAddress_OfAnotherFamily_IsRefused() =>
        Assert.False(TransportAddress.TryFromSocketAddress(new SocketAddress(AddressFamily.Unix, 16), out _));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.0.9", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("128.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::2", false)]
    [InlineData("2001:db8::1", false)]
    public void AllowedNetworks_Loopback(string address, bool allowed) =>
        Assert.Equal(allowed, AllowedNetworks.Loopback.Contains(TransportAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), 1))));

    [Fact]
    public void AllowedNetworks_Prefixes()
    {
        var networks = AllowedNetworks.Parse(["10.0.0.0/8", "192.0.2.128/25", "2001:db8::/32"]);

        Assert.True(networks.Contains(IceTestNetwork.Address("10.200.1.1:1")));
        Assert.True(networks.Contains(IceTestNetwork.Address("192.0.2.200:1")));
        Assert.False(networks.Contains(IceTestNetwork.Address("192.0.2.100:1")));
        Assert.True(networks.Contains(IceTestNetwork.Address("[2001:db8:ffff::1]:1")));
        Assert.False(networks.Contains(IceTestNetwork.Address("[2001:db9::1]:1")));
        Assert.True(AllowedNetworks.Any.Contains(IceTestNetwork.Address("203.0.113.9:1")));
        Assert.Throws<FormatException>(() => AllowedNetworks.Parse(["10.0.0.1/33"]));
    }

    [Fact]
    public void Credentials_HaveTheLengthsAndCharactersRfc8445Asks()
    {
        var credentials = IceCredentials.Generate();

        Assert.True(credentials.Ufrag.Length >= 4);
        Assert.True(credentials.Password.Length >= 22);
        Assert.True(IceCredentials.IsValid(credentials.Ufrag));
        Assert.True(IceCredentials.IsValid(credentials.Password));
        Assert.NotEqual(credentials, IceCredentials.Generate());
        Assert.False(IceCredentials.IsValid("a:b"));
    }
}
