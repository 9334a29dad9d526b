using System.Text;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>Bad Jingle from the network gives false and a reason, never an exception.</summary>
public sealed class MalformedJingleTests
{
    private const string Ssma = "urn:xmpp:jingle:apps:rtp:ssma:0";

    private static JingleElement Jingle(string attributes, string children = "") =>
        new(XElement.Parse($"<jingle xmlns='urn:xmpp:jingle:1' {attributes}>{children}</jingle>"));

    private static JingleElement WithVideo(string sources) =>
        Jingle("action='source-add' sid='s1'",
            $"<content name='video'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>{sources}</description></content>");

    [Theory]
    [InlineData("sid='s1'", "", "missing action")]
    [InlineData("action='session-dance' sid='s1'", "", "unknown action 'session-dance'")]
    [InlineData("action='session-initiate'", "", "missing sid")]
    [InlineData("action='session-initiate' sid=''", "", "missing sid")]
    [InlineData("action='session-initiate' sid='s1'", "<content/>", "content without name")]
    public void InvalidStructureFailsValidation(string attributes, string children, string expected)
    {
        var jingle = Jingle(attributes, children);
        Assert.False(jingle.TryValidate(out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void UnknownActionReadsAsUnknown()
    {
        Assert.Equal(JingleAction.Unknown, Jingle("action='session-dance' sid='s1'").Action);
        Assert.Equal(JingleAction.Unknown, Jingle("sid='s1'").Action);
        Assert.False(JingleActionNames.TryParse("SESSION-INITIATE", out _));
    }

    [Fact]
    public void AnIqWithoutJingleIsRefused()
    {
        var iq = new Iq(IqType.Set, payload: new XElement(Namespaces.Ping + "ping"), id: "x");
        Assert.False(JingleElement.TryParse(iq, out var jingle, out var reason));
        Assert.Null(jingle);
        Assert.Equal("no jingle element", reason);
    }

    [Theory]
    [InlineData($"<source xmlns='{Ssma}' ssrc='abc' name='e-v0'/>", "ssrc 'abc' is not a number")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='-5' name='e-v0'/>", "ssrc '-5' is not a number")]
    [InlineData($"<source xmlns='{Ssma}' ssrc=' 5' name='e-v0'/>", "ssrc ' 5' is not a number")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='' name='e-v0'/>", "ssrc '' is not a number")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='4294967296' name='e-v0'/>", "ssrc 4294967296 is out of the 32-bit range")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='99999999999999999999999999' name='e-v0'/>", "is out of the 32-bit range")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='0' name='e-v0'/>", "ssrc 0 is not allowed")]
    [InlineData($"<source xmlns='{Ssma}' name='e-v0'/>", "source without ssrc")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5'/>", "source 5 without name")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name=''/>", "source 5 without name")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><ssrc-group xmlns='{Ssma}' semantics='FID'><source ssrc='5'/></ssrc-group>",
        "FID group with 1 ssrcs (needs 2)")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><ssrc-group xmlns='{Ssma}' semantics='FID'><source ssrc='5'/><source ssrc='6'/></ssrc-group>",
        "FID group names ssrc 6, which is not signalled")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><ssrc-group xmlns='{Ssma}' semantics='SIM'><source ssrc='5'/><source ssrc='x'/></ssrc-group>",
        "ssrc 'x' is not a number")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><ssrc-group xmlns='{Ssma}'><source ssrc='5'/></ssrc-group>", "ssrc-group without semantics")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><ssrc-group xmlns='{Ssma}' semantics='SIM'/>", "SIM group without ssrcs")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><ssrc-group xmlns='{Ssma}' semantics='SIM'><source ssrc='5'/><source ssrc='5'/></ssrc-group>",
        "SIM group repeats an ssrc")]
    [InlineData($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/><source xmlns='{Ssma}' ssrc='5' name='e-v1'/>", "ssrc 5 is signalled by two sources")]
    public void BadSourcesFailWithAReason(string sources, string expected)
    {
        var jingle = WithVideo(sources);
        Assert.True(jingle.TryValidate(out _));
        Assert.False(jingle.TryGetSources("e", 20, out var set, out var reason));
        Assert.Null(set);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASourceWithoutOwnerOrDefaultIsRefused()
    {
        Assert.False(WithVideo($"<source xmlns='{Ssma}' ssrc='5' name='e-v0'/>").TryGetSources(null, 20, out _, out var reason));
        Assert.Equal("source 5 without owner", reason);
    }

    [Fact]
    public void MalformedJsonMessageIsRefused()
    {
        var jingle = Jingle("action='source-add' sid='s1'", "<json-message xmlns='http://jitsi.org/jitmeet'>{\"sources\":</json-message>");
        Assert.False(jingle.TryGetSources(null, 20, out _, out var reason));
        Assert.StartsWith("malformed JSON", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandSourcesAreCountedAndRefusedOrParsedInLinearTime()
    {
        var xml = new StringBuilder();
        for (var i = 1; i <= 10_000; i++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<source xmlns='{Ssma}' ssrc='{i}' name='e-v{i}'/>");
        }
        var jingle = WithVideo(xml.ToString());
        Assert.Equal(10_000, jingle.SourceCount);
        Assert.False(jingle.TryGetSources("e", 20, out _, out var reason));
        Assert.Equal("10000 sources exceed the limit of 20", reason);

        // When the caller's limit allows them all, they are all parsed (speed belongs to benchmarks, not tests).
        Assert.True(jingle.TryGetSources("e", 10_000, out var sources, out reason), reason);
        Assert.Equal(10_000, sources.Count);
    }

    [Fact]
    public void TenThousandJsonSourcesAreRefusedBeforeBuilding()
    {
        var json = new StringBuilder("{\"sources\":{\"e\":[[");
        for (var i = 1; i <= 10_000; i++)
        {
            json.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(i > 1 ? "," : "")}{{\"s\":{i},\"n\":\"e-v{i}\"}}");
        }
        json.Append("]]}}");
        Assert.False(JsonSources.TryParse(json.ToString(), 2000, out _, out var reason));
        Assert.Equal("10000 sources exceed the limit of 2000", reason);
        Assert.True(JsonSources.TryParse(json.ToString(), 10_000, out var sources, out reason), reason);
        Assert.Equal(10_000, sources.Count);
    }

    [Theory]
    [InlineData("<candidate xmlns='urn:xmpp:jingle:transports:ice-udp:1' component='1' foundation='1' ip='192.0.2.1' port='70000' priority='1' type='host'/>", "port")]
    [InlineData("<candidate xmlns='urn:xmpp:jingle:transports:ice-udp:1' component='1' foundation='1' ip='192.0.2.1' port='9' priority='4294967296' type='host'/>", "priority")]
    [InlineData("<candidate xmlns='urn:xmpp:jingle:transports:ice-udp:1' component='one' foundation='1' ip='192.0.2.1' port='9' priority='1' type='host'/>", "component")]
    [InlineData("<candidate xmlns='urn:xmpp:jingle:transports:ice-udp:1' component='1' foundation='1' port='9' priority='1' type='host'/>", "without ip")]
    [InlineData("<candidate xmlns='urn:xmpp:jingle:transports:ice-udp:1' component='1' foundation='1' ip='192.0.2.1' port='9' priority='1' type='bogus'/>", "unknown candidate type")]
    public void BadCandidatesFailValidation(string xml, string expected)
    {
        Assert.False(new CandidateElement(XElement.Parse(xml)).TryValidate(out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OutOfRangeNumbersReadAsNull()
    {
        var payload = new PayloadTypeElement(XElement.Parse("<payload-type xmlns='urn:xmpp:jingle:apps:rtp:1' id='300' clockrate='fast' channels='-1'/>"));
        Assert.Equal((null, null, null), (payload.Id, payload.ClockRate, payload.Channels));
        var extension = new HeaderExtensionElement(XElement.Parse("<rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='0'/>"));
        Assert.Null(extension.Id);
        Assert.Null(extension.Uri);
        var transport = new IceUdpTransportElement(XElement.Parse("<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ice-generation='x'/>"));
        Assert.Null(transport.IceGeneration);
        Assert.Null(transport.Fingerprint);
        var session = new BridgeSessionElement(XElement.Parse("<bridge-session xmlns='http://jitsi.org/protocol/focus' restart='yes'/>"));
        Assert.Null(session.Restart);
    }
}
