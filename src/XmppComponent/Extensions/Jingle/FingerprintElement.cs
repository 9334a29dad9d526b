using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash setup&gt;HEX&lt;/fingerprint&gt;</c> (XEP-0320 §3):
/// the DTLS certificate fingerprint, the RFC 4145 <c>setup</c> role (<c>actpass</c>, <c>active</c>, <c>passive</c>)
/// and Jitsi's optional <c>cryptex</c> flag. Not thread-safe: one owner at a time.
/// </summary>
public sealed class FingerprintElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleDtls + "fingerprint";

    public FingerprintElement(XElement element)
        : base(element)
    {
    }

    public FingerprintElement(string hash, string setup, string value)
        : base(new XElement(ElementName, value))
    {
        Hash = hash;
        Setup = setup;
    }

    /// <summary>The hash function, <c>sha-256</c> in practice.</summary>
    public string? Hash
    {
        get => GetString("hash");
        set => SetString("hash", value);
    }

    public string? Setup
    {
        get => GetString("setup");
        set => SetString("setup", value);
    }

    public bool? Cryptex
    {
        get => GetBool("cryptex");
        set => SetBool("cryptex", value);
    }

    /// <summary>Colon-separated upper-case hex, trimmed.</summary>
    public string Value
    {
        get => Element.Value.Trim();
        set => Element.Value = value;
    }
}
