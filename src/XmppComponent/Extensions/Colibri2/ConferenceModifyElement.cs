using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;conference-modify xmlns="jitsi:colibri2" meeting-id name create expire&gt;</c> (PROTOCOL.md §3.2): the
/// focus's request to a bridge, with <c>endpoint</c>s or one <c>relay</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class ConferenceModifyElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "conference-modify";

    public ConferenceModifyElement(XElement element)
        : base(element)
    {
    }

    public ConferenceModifyElement(string meetingId, string? name = null, bool create = false)
        : base(new XElement(ElementName))
    {
        MeetingId = meetingId;
        Name = name;
        Create = create;
    }

    /// <summary>The conference key on the bridge; required.</summary>
    public string? MeetingId
    {
        get => GetString("meeting-id");
        set => SetString("meeting-id", value);
    }

    /// <summary>The MUC JID (informational).</summary>
    public string? Name
    {
        get => GetString("name");
        set => SetString("name", value);
    }

    /// <summary>Written only when true.</summary>
    public bool Create { get => GetFlag("create"); set => SetFlag("create", value); }

    /// <summary>Expire the whole conference; written only when true.</summary>
    public bool Expire { get => GetFlag("expire"); set => SetFlag("expire", value); }

    /// <summary>Jicofo writes <c>rtcstats-enabled</c> only when false; absent means enabled.</summary>
    public bool? RtcStatsEnabled
    {
        get => GetBool("rtcstats-enabled");
        set => SetBool("rtcstats-enabled", value);
    }

    /// <summary>Older focuses' <c>callstats-enabled</c>, likewise only written when false.</summary>
    public bool? CallStatsEnabled
    {
        get => GetBool("callstats-enabled");
        set => SetBool("callstats-enabled", value);
    }

    public IEnumerable<EndpointElement> Endpoints => Element.Elements(EndpointElement.ElementName).Select(e => new EndpointElement(e));

    public IEnumerable<RelayElement> Relays => Element.Elements(RelayElement.ElementName).Select(e => new RelayElement(e));

    /// <summary>Appends endpoints or relays.</summary>
    public ConferenceModifyElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }

    /// <summary>Finds the <c>conference-modify</c> payload of an IQ and checks it with <see cref="TryValidate"/>.</summary>
    public static bool TryParse(Iq iq, [NotNullWhen(true)] out ConferenceModifyElement? modify, [NotNullWhen(false)] out string? reason)
    {
        modify = iq.Element.Element(ElementName) is { } e ? new ConferenceModifyElement(e) : null;
        if (modify is null)
        {
            reason = "no conference-modify element";
            return false;
        }
        return modify.TryValidate(out reason);
    }

    /// <summary>What every bridge checks before acting: a meeting id, named endpoints and relays, not both kinds
    /// in one request (PROTOCOL.md §3.3), at most one relay.</summary>
    public bool TryValidate([NotNullWhen(false)] out string? reason)
    {
        var endpoints = Endpoints.ToList();
        var relays = Relays.ToList();
        reason = string.IsNullOrEmpty(MeetingId) ? "missing meeting-id"
            : endpoints.Any(e => string.IsNullOrEmpty(e.Id)) ? "endpoint without id"
            : relays.Any(r => string.IsNullOrEmpty(r.Id)) ? "relay without id"
            : endpoints.Count > 0 && relays.Count > 0 ? "endpoints and relays in one request"
            : relays.Count > 1 ? "more than one relay"
            : null;
        return reason is null;
    }
}
