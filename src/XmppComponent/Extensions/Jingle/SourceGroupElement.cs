using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;ssrc-group semantics=".."&gt;&lt;source ssrc=".."/&gt;…&lt;/ssrc-group&gt;</c> (XEP-0339 §3): <c>SIM</c>
/// (simulcast layers, low to high), <c>FID</c> (a source and its RTX), <c>FEC-FR</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class SourceGroupElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleSsma + "ssrc-group";

    public const string Simulcast = "SIM";
    public const string FlowId = "FID";
    public const string FecFr = "FEC-FR";

    public SourceGroupElement(XElement element)
        : base(element)
    {
    }

    public SourceGroupElement(string semantics, IEnumerable<uint> ssrcs)
        : base(new XElement(ElementName))
    {
        Semantics = semantics;
        foreach (var ssrc in ssrcs)
        {
            Element.Add(new SourceElement(ssrc).Element);
        }
    }

    public string? Semantics
    {
        get => GetString("semantics");
        set => SetString("semantics", value);
    }

    /// <summary>The SSRCs in order; fails on a bad SSRC, a missing semantics, or a FID group without exactly two.</summary>
    public bool TryGetSsrcs([NotNullWhen(true)] out List<uint>? ssrcs, [NotNullWhen(false)] out string? reason)
    {
        ssrcs = null;
        if (string.IsNullOrEmpty(Semantics))
        {
            reason = "ssrc-group without semantics";
            return false;
        }
        var list = new List<uint>();
        foreach (var source in Element.Elements(SourceElement.ElementName).Select(e => new SourceElement(e)))
        {
            if (!source.TryGetSsrc(out var ssrc, out reason))
            {
                return false;
            }
            list.Add(ssrc);
        }
        if (!SsrcGroup.TryCreate(Semantics, list, out _, out reason))
        {
            return false;
        }
        ssrcs = list;
        return true;
    }
}
