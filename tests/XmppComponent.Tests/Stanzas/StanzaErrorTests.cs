using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Stanzas;

public sealed class StanzaErrorTests
{
    [Fact]
    public void ErrorReplyHasRfc6120Shape()
    {
        var request = new Iq(XElement.Parse("<iq xmlns='jabber:client' type='get' id='q1' from='a@b/c' to='focus.b'><query xmlns='urn:x'/></iq>"));
        var reply = request.ErrorReply(StanzaError.Of(StanzaErrorCondition.ItemNotFound, "no such session"));
        var expected = XElement.Parse("<iq xmlns='jabber:client' type='error' id='q1' to='a@b/c' from='focus.b'><query xmlns='urn:x'/>" +
            "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no such session</text></error></iq>");
        Assert.True(XNode.DeepEquals(Normalize(expected), Normalize(reply.Element)), reply.ToString());
    }

    [Fact]
    public void ParsesConditionTypeTextAndApplicationElement()
    {
        var iq = new Iq(XElement.Parse("<iq xmlns='jabber:client' type='error' id='x'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>" +
            "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>why</text><error xmlns='jitsi:colibri2' reason='conference_not_found'/></error></iq>"));
        var error = iq.Error!;
        Assert.Equal(StanzaErrorCondition.BadRequest, error.Condition);
        Assert.Equal(StanzaErrorType.Modify, error.Type);
        Assert.Equal("why", error.Text);
        Assert.Equal("conference_not_found", (string?)error.ApplicationCondition!.Attribute("reason"));
    }

    [Fact]
    public void EveryConditionRoundTripsByName()
    {
        foreach (var condition in Enum.GetValues<StanzaErrorCondition>())
        {
            Assert.True(StanzaError.TryParseName(StanzaError.ToName(condition), out var parsed));
            Assert.Equal(condition, parsed);
        }
    }

    private static XElement Normalize(XElement e)
    {
        var copy = new XElement(e);
        foreach (var el in copy.DescendantsAndSelf())
        {
            el.ReplaceAttributes(el.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString()));
        }
        return copy;
    }
}
