using System.Net;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The remote networks (CIDR prefixes) the bridge may exchange datagrams with. It works both
/// ways: a datagram from outside is dropped before anything reads it, and no check or media is sent to
/// an address outside, whatever a peer signals or a check claims. Immutable after construction; any thread.</summary>
internal sealed class AllowedNetworks
{
    private readonly UInt128[] _prefixes;
    private readonly UInt128[] _masks;

    private AllowedNetworks(UInt128[] prefixes, UInt128[] masks)
    {
        _prefixes = prefixes;
        _masks = masks;
    }

    /// <summary>Every IPv4 and IPv6 address.</summary>
    public static AllowedNetworks Any { get; } = Parse(["0.0.0.0/0", "::/0"]);

    /// <summary>127.0.0.0/8 and ::1, what tests use.</summary>
    public static AllowedNetworks Loopback { get; } = Parse(["127.0.0.0/8", "::1/128"]);

    /// <summary>Parses CIDR strings such as <c>10.0.0.0/8</c> or <c>2001:db8::/32</c>; throws <see cref="FormatException"/>
    /// on a bad one (configuration is checked at start).</summary>
    public static AllowedNetworks Parse(IEnumerable<string> networks)
    {
        var prefixes = new List<UInt128>();
        var masks = new List<UInt128>();
        foreach (var text in networks)
        {
            var network = IPNetwork.Parse(text);
            var address = TransportAddress.FromEndPoint(new IPEndPoint(network.BaseAddress, 0));
            // IPv4 prefixes apply to the IPv4-mapped form TransportAddress keeps (96 bits of ::ffff:0:0).
            var bits = address.IsIPv4 ? 96 + network.PrefixLength : network.PrefixLength;
            var mask = bits == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - bits);
            prefixes.Add(address.Address16 & mask);
            masks.Add(mask);
        }
        return new AllowedNetworks([.. prefixes], [.. masks]);
    }

    public bool Contains(in TransportAddress address)
    {
        var value = address.Address16;
        for (var i = 0; i < _prefixes.Length; i++)
        {
            if ((value & _masks[i]) == _prefixes[i])
            {
                return true;
            }
        }
        return false;
    }
}
