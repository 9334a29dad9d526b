using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;payload-type&gt;</c> (XEP-0167 §4): id, name, clock rate, channels, fmtp <c>parameter</c>s and
/// <c>rtcp-fb</c> (XEP-0293). Colibri2 <c>media</c> embeds the same element (PROTOCOL.md §3.3).
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class PayloadTypeElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleRtp + "payload-type";

    private static readonly XName ParameterName = Namespaces.JingleRtp + "parameter";

    public PayloadTypeElement(XElement element)
        : base(element)
    {
    }

    public PayloadTypeElement(int id, string name, int clockRate, int? channels = null)
        : base(new XElement(ElementName))
    {
        Id = id;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    /// <summary>The RTP payload type, 0–127; null when absent, malformed or out of range.</summary>
    public int? Id
    {
        get => GetInt("id") is { } id and <= 127 ? id : null;
        set => SetNumber("id", value);
    }

    public string? Name
    {
        get => GetString("name");
        set => SetString("name", value);
    }

    public int? ClockRate
    {
        get => GetInt("clockrate");
        set => SetNumber("clockrate", value);
    }

    /// <summary>Audio channels; XEP-0167 §4 makes absent mean 1.</summary>
    public int? Channels
    {
        get => GetInt("channels");
        set => SetNumber("channels", value);
    }

    /// <summary>The fmtp parameters in wire order; entries without a name are skipped.</summary>
    public IEnumerable<(string Name, string Value)> Parameters => ReadParameters(ParameterName);

    public string? Parameter(string name) =>
        Parameters.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();

    public IEnumerable<RtcpFeedbackElement> RtcpFeedback =>
        Element.Elements(RtcpFeedbackElement.ElementName).Select(e => new RtcpFeedbackElement(e));

    public PayloadTypeElement AddParameter(string name, string value)
    {
        AppendParameter(ParameterName, name, value);
        return this;
    }

    public PayloadTypeElement Add(params RtcpFeedbackElement[] feedback)
    {
        Append(feedback);
        return this;
    }
}
