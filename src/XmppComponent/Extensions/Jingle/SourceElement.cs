using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0"&gt;</c> (XEP-0339 §2) in the Jitsi dialect of PROTOCOL.md §2.2:
/// <c>ssrc</c>, source <c>name</c>, <c>videoType</c>, <c>parameter</c>s (only <c>msid</c> matters) and
/// <c>&lt;ssrc-info xmlns="http://jitsi.org/jitmeet" owner=".."/&gt;</c>. Also the bare <c>&lt;source ssrc/&gt;</c>
/// inside an <c>ssrc-group</c> and inside a colibri2 <c>media-source</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class SourceElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleSsma + "source";

    private static readonly XName ParameterName = Namespaces.JingleSsma + "parameter";
    private static readonly XName SsrcInfoName = Namespaces.JitMeet + "ssrc-info";

    public SourceElement(XElement element)
        : base(element)
    {
    }

    public SourceElement(uint ssrc, string? name = null, string? videoType = null)
        : base(new XElement(ElementName))
    {
        SetNumber("ssrc", ssrc);
        Name = name;
        VideoType = videoType;
    }

    /// <summary>The SSRC, or null when absent or not a valid SSRC (see <see cref="TryParseSsrc"/>).</summary>
    public uint? Ssrc => TryParseSsrc(GetString("ssrc"), out var ssrc, out _) ? ssrc : null;

    public bool TryGetSsrc(out uint ssrc, [NotNullWhen(false)] out string? reason) =>
        TryParseSsrc(GetString("ssrc"), out ssrc, out reason);

    /// <summary>Source name, <c>&lt;endpoint&gt;-a0</c>, <c>&lt;endpoint&gt;-v1</c>… (PROTOCOL.md §1.5).</summary>
    public string? Name
    {
        get => GetString("name");
        set => SetString("name", value);
    }

    /// <summary><c>camera</c> or <c>desktop</c> when the sender signalled it.</summary>
    public string? VideoType
    {
        get => GetString("videoType");
        set => SetString("videoType", value);
    }

    /// <summary>The RTP stream id of rid-based simulcast (XEP-0339 §2, RFC 8851), when signalled.</summary>
    public string? Rid
    {
        get => GetString("rid");
        set => SetString("rid", value);
    }

    /// <summary>The owner's endpoint id. Older focuses put the occupant JID there; its resource is the id (§2.2).</summary>
    public string? Owner
    {
        get
        {
            var owner = (string?)Element.Element(SsrcInfoName)?.Attribute("owner");
            var slash = owner?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            return slash >= 0 ? owner![(slash + 1)..] : owner;
        }
    }

    public IEnumerable<(string Name, string Value)> Parameters => ReadParameters(ParameterName);

    /// <summary>The <c>msid</c> parameter, <c>"&lt;stream&gt; &lt;track&gt;"</c>.</summary>
    public string? Msid => Parameters.Where(p => p.Name == "msid").Select(p => p.Value).FirstOrDefault();

    /// <summary>Appends <c>ssrc-info</c> with the owner's endpoint id.</summary>
    public SourceElement AddOwner(string owner)
    {
        Element.Add(new XElement(SsrcInfoName, new XAttribute("owner", owner)));
        return this;
    }

    public SourceElement AddParameter(string name, string value)
    {
        AppendParameter(ParameterName, name, value);
        return this;
    }

    /// <summary>An SSRC is a decimal in 1..2^32−1; Jicofo refuses 0 (PROTOCOL.md §2.3).</summary>
    public static bool TryParseSsrc(string? text, out uint ssrc, [NotNullWhen(false)] out string? reason)
    {
        ssrc = 0;
        if (text is null)
        {
            reason = "source without ssrc";
            return false;
        }
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            reason = $"ssrc '{Shorten(text)}' is not a number";
            return false;
        }
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ssrc))
        {
            reason = $"ssrc {Shorten(text)} is out of the 32-bit range";
            return false;
        }
        reason = ssrc == 0 ? "ssrc 0 is not allowed" : null;
        return reason is null;
    }

    // A hostile value goes into a log line or an error text; keep it short.
    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
