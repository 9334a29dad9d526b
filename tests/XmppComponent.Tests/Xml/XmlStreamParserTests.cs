using System.Text;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Xml;

namespace Jitsi.Net.XmppComponent.Tests.Xml;

public sealed class XmlStreamParserTests
{
    private const string Header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='meet.localhost' id='s1' version='1.0'>";
    private static readonly XNamespace Client = "jabber:client";

    private static (List<XmlStreamEvent> Events, XmlStreamError? Error) Parse(IEnumerable<byte[]> chunks, int max = XmlStreamParser.DefaultMaxStanzaBytes)
    {
        var parser = new XmlStreamParser(max);
        var events = new List<XmlStreamEvent>();
        XmlStreamError? error = null;
        foreach (var chunk in chunks)
        {
            error = parser.Feed(chunk);
            while (parser.TryRead(out var e))
            {
                events.Add(e);
            }
            if (error is not null)
            {
                break;
            }
        }
        return (events, error);
    }

    private static (List<XmlStreamEvent> Events, XmlStreamError? Error) Parse(string text, int max = XmlStreamParser.DefaultMaxStanzaBytes) =>
        Parse([Encoding.UTF8.GetBytes(text)], max);

    private static List<XElement> Elements(List<XmlStreamEvent> events) =>
        [.. events.Where(e => e.Kind == XmlStreamEventKind.Element).Select(e => e.Element!)];

    [Fact]
    public void HeaderThenSeveralStanzasInOneRead()
    {
        var (events, error) = Parse(Header + "<iq type='get' id='a'><ping xmlns='urn:xmpp:ping'/></iq><message to='x@y'><body>hi</body></message> <presence/>");
        Assert.Null(error);
        Assert.Equal(XmlStreamEventKind.StreamStart, events[0].Kind);
        Assert.Equal("s1", (string?)events[0].Element!.Attribute("id"));
        var stanzas = Elements(events);
        Assert.Equal([Client + "iq", Client + "message", Client + "presence"], stanzas.Select(s => s.Name));
        Assert.Equal(XName.Get("ping", "urn:xmpp:ping"), stanzas[0].Elements().Single().Name);
        Assert.Equal("hi", stanzas[1].Element(Client + "body")!.Value);
    }

    [Fact]
    public void StanzaSplitAcrossEveryByteGivesTheSameTree()
    {
        var text = Header + "<message to='x@y' id='m1'><body>h\u00e9llo \U0001F600 &amp; &lt;b&gt; &#65;&#x42;</body><x xmlns='urn:test' a='1 &quot;2&quot;'/></message>";
        var bytes = Encoding.UTF8.GetBytes(text);
        var (whole, wholeError) = Parse([bytes]);
        var (split, splitError) = Parse(bytes.Select(b => new[] { b }));
        Assert.Null(wholeError);
        Assert.Null(splitError);
        var expected = Elements(whole).Single();
        var actual = Elements(split).Single();
        Assert.True(XNode.DeepEquals(expected, actual));
        Assert.Equal("h\u00e9llo \U0001F600 & <b> AB", actual.Element(Client + "body")!.Value);
        Assert.Equal("1 \"2\"", (string?)actual.Element(XName.Get("x", "urn:test"))!.Attribute("a"));
    }

    [Fact]
    public void NamespacePrefixesResolveToTheirNamespaces()
    {
        var (events, error) = Parse(Header + "<iq type='set' id='j'><j:jingle xmlns:j='urn:xmpp:jingle:1' j:sid='1'><j:content name='audio'><d:description xmlns:d='urn:xmpp:jingle:apps:rtp:1' media='audio'/></j:content></j:jingle></iq>");
        Assert.Null(error);
        var jingle = Elements(events).Single().Elements().Single();
        Assert.Equal(XName.Get("jingle", "urn:xmpp:jingle:1"), jingle.Name);
        Assert.Equal("1", (string?)jingle.Attribute(XName.Get("sid", "urn:xmpp:jingle:1")));
        var description = jingle.Descendants(XName.Get("description", "urn:xmpp:jingle:apps:rtp:1")).Single();
        Assert.Equal("audio", (string?)description.Attribute("media"));
    }

    [Fact]
    public void StreamEndIsReported()
    {
        var (events, error) = Parse(Header + "<presence/></stream:stream>");
        Assert.Null(error);
        Assert.Equal([XmlStreamEventKind.StreamStart, XmlStreamEventKind.Element, XmlStreamEventKind.StreamEnd], events.Select(e => e.Kind));
    }

    [Fact]
    public void StanzaOverTheLimitIsAPolicyViolation()
    {
        var big = Header + "<message><body>" + new string('a', 1024 * 1024) + "</body></message>";
        var chunks = Encoding.UTF8.GetBytes(big).Chunk(4096);
        var (events, error) = Parse(chunks);
        Assert.Equal("policy-violation", error?.Condition);
        Assert.Empty(Elements(events));
    }

    [Fact]
    public void UnterminatedHugeTagIsAPolicyViolationToo()
    {
        var (_, error) = Parse(Header + "<message a='" + new string('b', 300 * 1024), max: 256 * 1024);
        Assert.Equal("policy-violation", error?.Condition);
    }

    [Fact]
    public void StanzaJustUnderTheLimitPasses()
    {
        var body = new string('a', 1000);
        var (events, error) = Parse(Header + "<message><body>" + body + "</body></message>", max: 1100);
        Assert.Null(error);
        Assert.Equal(body, Elements(events).Single().Value);
    }

    [Theory]
    [InlineData("<!DOCTYPE foo [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>", "restricted-xml")]
    [InlineData("<message><body>&xxe;</body></message>", "restricted-xml")]
    [InlineData("<!-- a comment -->", "restricted-xml")]
    [InlineData("<?php echo 1; ?>", "restricted-xml")]
    [InlineData("<message><body>x</bodyy></message>", "not-well-formed")]
    [InlineData("<message a='1' a='2'/>", "not-well-formed")]
    [InlineData("<message a=1/>", "not-well-formed")]
    [InlineData("<p:message/>", "not-well-formed")]
    [InlineData("<message><body>&#0;</body></message>", "not-well-formed")]
    [InlineData("<message><body>a & b</body></message>", "not-well-formed")]
    [InlineData("text at stream level<presence/>", "not-well-formed")]
    [InlineData("<1message/>", "not-well-formed")]
    public void RestrictedOrBrokenXmlEndsTheStream(string afterHeader, string condition)
    {
        var (_, error) = Parse(Header + afterHeader);
        Assert.Equal(condition, error?.Condition);
    }

    [Fact]
    public void EntityExpansionAttemptInTheHeaderIsRefusedBeforeAnyExpansion()
    {
        var (events, error) = Parse("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        Assert.Equal("restricted-xml", error?.Condition);
        Assert.Empty(events);
    }

    [Fact]
    public void InvalidUtf8IsNotWellFormed()
    {
        var (_, error) = Parse([Encoding.UTF8.GetBytes(Header + "<message><body>"), [0xC3, 0x28], Encoding.UTF8.GetBytes("</body></message>")]);
        Assert.Equal("not-well-formed", error?.Condition);
    }

    [Fact]
    public void WrongStreamNamespaceIsInvalidNamespace()
    {
        var (_, error) = Parse("<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong'>");
        Assert.Equal("invalid-namespace", error?.Condition);
    }

    [Fact]
    public void ContentNamespaceOfTheHeaderIsExposed()
    {
        var parser = new XmlStreamParser();
        Assert.Null(parser.Feed("<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' id='x'>"u8));
        Assert.Equal("jabber:component:accept", parser.ContentNamespace);
    }

    [Fact]
    public void AfterAnErrorTheParserStaysFailed()
    {
        var parser = new XmlStreamParser();
        var first = parser.Feed(Encoding.UTF8.GetBytes(Header + "<!-- x -->"));
        var second = parser.Feed("<presence/>"u8);
        Assert.Equal("restricted-xml", first?.Condition);
        Assert.Same(first, second);
    }

    [Fact]
    public void CDataAndWhitespaceKeepalivesAreHandled()
    {
        var (events, error) = Parse(Header + "\n \n<message><body><![CDATA[<not a tag> & stuff]]></body></message>\n");
        Assert.Null(error);
        Assert.Equal("<not a tag> & stuff", Elements(events).Single().Value);
    }

    [Fact]
    public void DeepNestingIsRefused()
    {
        var open = string.Concat(Enumerable.Repeat("<a>", XmlStreamParser.MaxDepth + 1));
        var (_, error) = Parse(Header + "<message>" + open);
        Assert.Equal("policy-violation", error?.Condition);
    }

    [Fact]
    public void AttributeWhitespaceIsNormalisedButCharacterReferencesKept()
    {
        var (events, error) = Parse(Header + "<message a='x\ty\nz&#10;'/>");
        Assert.Null(error);
        Assert.Equal("x y z\n", (string?)Elements(events).Single().Attribute("a"));
    }
}
