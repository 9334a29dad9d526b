using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;jingle xmlns="urn:xmpp:jingle:1"&gt;</c> (XEP-0166 §7.1) with the Jitsi children of PROTOCOL.md §2:
/// contents, the BUNDLE <c>group</c>, <c>bridge-session</c>, <c>json-message</c> and <c>reason</c>.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class JingleElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Jingle + "jingle";

    public JingleElement(XElement element)
        : base(element)
    {
    }

    public JingleElement(JingleAction action, string sid, string? initiator = null)
        : base(new XElement(ElementName))
    {
        ActionName = action.ToWire();
        Sid = sid;
        Initiator = initiator;
    }

    /// <summary>The raw <c>action</c> attribute.</summary>
    public string? ActionName
    {
        get => GetString("action");
        set => SetString("action", value);
    }

    /// <summary><see cref="JingleAction.Unknown"/> when absent or not a known action.</summary>
    public JingleAction Action => JingleActionNames.TryParse(ActionName, out var action) ? action : JingleAction.Unknown;

    public string? Sid
    {
        get => GetString("sid");
        set => SetString("sid", value);
    }

    public string? Initiator
    {
        get => GetString("initiator");
        set => SetString("initiator", value);
    }

    public string? Responder
    {
        get => GetString("responder");
        set => SetString("responder", value);
    }

    public IEnumerable<ContentElement> Contents =>
        Element.Elements(ContentElement.ElementName).Select(e => new ContentElement(e));

    public ContentElement? Content(string name) => Contents.FirstOrDefault(c => c.Name == name);

    /// <summary>The BUNDLE group (XEP-0338), if any.</summary>
    public GroupElement? Group => Element.Element(GroupElement.ElementName) is { } e ? new GroupElement(e) : null;

    public BridgeSessionElement? BridgeSession =>
        Element.Element(BridgeSessionElement.ElementName) is { } e ? new BridgeSessionElement(e) : null;

    public JsonMessageElement? JsonMessage =>
        Element.Element(JsonMessageElement.ElementName) is { } e ? new JsonMessageElement(e) : null;

    public StartMutedElement? StartMuted =>
        Element.Element(StartMutedElement.ElementName) is { } e ? new StartMutedElement(e) : null;

    /// <summary>The legacy <c>&lt;ice-state xmlns="http://jitsi.org/protocol/focus"&gt;failed&lt;/ice-state&gt;</c> of a
    /// session-info that older clients send instead of a restart request (PROTOCOL.md §2.6).</summary>
    public string? IceState => (string?)Element.Element(Namespaces.Focus + "ice-state");

    public ReasonElement? Reason => Element.Element(ReasonElement.ElementName) is { } e ? new ReasonElement(e) : null;

    /// <summary>The number of <c>&lt;source&gt;</c> elements in all descriptions, counted without parsing them, so a
    /// caller can refuse an oversized request before converting it.</summary>
    public int SourceCount => Contents.Sum(c => c.Description?.SourceCount ?? 0);

    /// <summary>Appends children (contents, group, bridge-session, json-message, reason) in wire order.</summary>
    public JingleElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }

    /// <summary>Finds the <c>jingle</c> payload of an IQ and checks it with <see cref="TryValidate"/>.</summary>
    public static bool TryParse(Iq iq, [NotNullWhen(true)] out JingleElement? jingle, [NotNullWhen(false)] out string? reason)
    {
        jingle = iq.Element.Element(ElementName) is { } e ? new JingleElement(e) : null;
        if (jingle is null)
        {
            reason = "no jingle element";
            return false;
        }
        return jingle.TryValidate(out reason);
    }

    /// <summary>The structure XEP-0166 §7.1 requires: a known action, a sid, named contents.</summary>
    public bool TryValidate([NotNullWhen(false)] out string? reason)
    {
        reason = ActionName is null ? "missing action"
            : Action == JingleAction.Unknown ? $"unknown action '{ActionName}'"
            : string.IsNullOrEmpty(Sid) ? "missing sid"
            : Contents.Any(c => string.IsNullOrEmpty(c.Name)) ? "content without name"
            : null;
        return reason is null;
    }

    /// <summary>
    /// The sources this request signals, from the <c>json-message</c> if there is one (PROTOCOL.md §2.2), otherwise
    /// from the XEP-0339 elements of every description; <paramref name="defaultOwner"/> owns sources without
    /// <c>ssrc-info</c> (a participant's own sources). Fails with a reason past <paramref name="maxSources"/>.
    /// </summary>
    public bool TryGetSources(string? defaultOwner, int maxSources, [NotNullWhen(true)] out EndpointSourceSet? sources,
        [NotNullWhen(false)] out string? reason)
    {
        if (JsonMessage is { } json)
        {
            return json.TryGetSources(maxSources, out sources, out reason);
        }
        sources = null;
        var count = SourceCount;
        if (count > maxSources)
        {
            reason = $"{count} sources exceed the limit of {maxSources}";
            return false;
        }
        var builder = new EndpointSourceSet.Builder();
        foreach (var description in Contents.Select(c => c.Description).OfType<RtpDescriptionElement>())
        {
            if (!builder.TryAdd(description, defaultOwner, out reason))
            {
                return false;
            }
        }
        return builder.TryBuild(out sources, out reason);
    }
}
