using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;candidate&gt;</c> (XEP-0176 §5.1, RFC 8445 §5.1): component, foundation, generation, id, ip, network,
/// port, priority, protocol, type and for reflexive/relayed candidates rel-addr/rel-port. Numbers read as null when
/// absent or malformed; <see cref="TryValidate"/> says what is wrong. Not thread-safe: one owner at a time.
/// </summary>
public sealed class CandidateElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleIceUdp + "candidate";

    public CandidateElement(XElement element)
        : base(element)
    {
    }

    public CandidateElement()
        : base(new XElement(ElementName))
    {
    }

    public int? Component { get => GetInt("component"); set => SetNumber("component", value); }

    public string? Foundation { get => GetString("foundation"); set => SetString("foundation", value); }

    public int? Generation { get => GetInt("generation"); set => SetNumber("generation", value); }

    public string? Id { get => GetString("id"); set => SetString("id", value); }

    public string? Ip { get => GetString("ip"); set => SetString("ip", value); }

    public int? Network { get => GetInt("network"); set => SetNumber("network", value); }

    public int? Port { get => GetInt("port"); set => SetNumber("port", value); }

    /// <summary>RFC 8445 §5.1.2: a 32-bit unsigned value, hence a long.</summary>
    public long? Priority { get => GetLong("priority"); set => SetNumber("priority", value); }

    /// <summary><c>udp</c> (or <c>tcp</c> for ICE-TCP).</summary>
    public string? Protocol { get => GetString("protocol"); set => SetString("protocol", value); }

    /// <summary><c>host</c>, <c>srflx</c>, <c>prflx</c> or <c>relay</c>.</summary>
    public string? Type { get => GetString("type"); set => SetString("type", value); }

    public string? RelAddr { get => GetString("rel-addr"); set => SetString("rel-addr", value); }

    public int? RelPort { get => GetInt("rel-port"); set => SetNumber("rel-port", value); }

    /// <summary>The fields a peer needs to try this candidate, in range.</summary>
    public bool TryValidate([NotNullWhen(false)] out string? reason)
    {
        reason = Component is not (>= 1 and <= 256) ? "candidate component missing or out of range"
            : string.IsNullOrEmpty(Ip) ? "candidate without ip"
            : Port is not (>= 1 and <= 65535) ? "candidate port missing or out of range"
            : Priority is not (>= 1 and <= uint.MaxValue) ? "candidate priority missing or out of range"
            : string.IsNullOrEmpty(Foundation) ? "candidate without foundation"
            : Type is not ("host" or "srflx" or "prflx" or "relay") ? $"unknown candidate type '{Type}'"
            : null;
        return reason is null;
    }
}
