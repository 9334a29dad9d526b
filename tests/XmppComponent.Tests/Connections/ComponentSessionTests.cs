using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Connections;

/// <summary>A component session against a scripted server over an in-memory pipe (XML in, XML out).</summary>
public sealed class ComponentSessionTests
{
    private const string ServerHeader = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:component:accept' id='c4a8e2b7f1' from='focus.meet.localhost'>";

    private static ComponentOptions Options(string secret = "jitsi-secret") => new()
    {
        Host = "127.0.0.1",
        Name = "focus.meet.localhost",
        ServerDomain = "meet.localhost",
        Secret = secret,
        PingInterval = TimeSpan.Zero,
        MaxStanzaBytes = 64 * 1024,
    };

    [Fact]
    public void HandshakeIsLowerHexSha1OfIdAndSecret()
    {
        // printf '%s' 'c4a8e2b7f1jitsi-secret' | sha1sum
        Assert.Equal("a197825fb66d924c1917c4363dba11ef0926cfe5", ComponentConnector.ComputeHandshake("c4a8e2b7f1", "jitsi-secret"));
    }

    private static async Task<(XmppSession Session, MemoryDuplex Pipe)> ConnectAsync(StanzaRouter router)
    {
        var pipe = new MemoryDuplex();
        var connecting = ComponentConnector.HandshakeAsync(pipe.Client, Options(), router);
        var opened = await pipe.Server.ReadUntilAsync(">", 5000);
        Assert.Contains("xmlns='jabber:component:accept'", opened, StringComparison.Ordinal);
        Assert.Contains("to='focus.meet.localhost'", opened, StringComparison.Ordinal);
        await pipe.Server.SendAsync(ServerHeader);
        var handshake = await pipe.Server.ReadUntilAsync("</handshake>");
        Assert.Contains(">a197825fb66d924c1917c4363dba11ef0926cfe5</handshake>", handshake, StringComparison.Ordinal);
        await pipe.Server.SendAsync("<handshake/>");
        var session = await connecting;
        pipe.Server.Clear();
        session.Start();
        return (session, pipe);
    }

    [Fact]
    public async Task StanzasAreMappedBetweenTheComponentNamespaceAndClientNamespace()
    {
        var router = new StanzaRouter();
        router.HandleIq(IqType.Get, XName.Get("q", "urn:test"), (iq, _) => Task.FromResult<XElement?>(new XElement(XName.Get("q", "urn:test"), iq.From!.ToString())));
        var (session, pipe) = await ConnectAsync(router);
        await using var owned = session;
        await pipe.Server.SendAsync("<iq type='get' id='r1' from='user@meet.localhost/web' to='focus.meet.localhost'><q xmlns='urn:test'/></iq>");
        var reply = XElement.Parse(await ReadStanzaAsync(pipe.Server, "</iq>"));
        Assert.Equal(XName.Get("iq", "jabber:component:accept"), reply.Name);
        Assert.Equal("result", (string?)reply.Attribute("type"));
        Assert.Equal("r1", (string?)reply.Attribute("id"));
        Assert.Equal("focus.meet.localhost", (string?)reply.Attribute("from"));
        Assert.Equal("user@meet.localhost/web", reply.Element(XName.Get("q", "urn:test"))!.Value);
    }

    [Fact]
    public async Task UnknownIqGetsServiceUnavailableOverTheWire()
    {
        var (session, pipe) = await ConnectAsync(new StanzaRouter());
        await using var owned = session;
        await pipe.Server.SendAsync("<iq type='set' id='u1' from='user@meet.localhost/web' to='focus.meet.localhost'><unknown xmlns='urn:nobody'/></iq>");
        var reply = XElement.Parse(await ReadStanzaAsync(pipe.Server, "</iq>"));
        Assert.Equal("error", (string?)reply.Attribute("type"));
        Assert.NotNull(reply.Descendants(XName.Get("service-unavailable", "urn:ietf:params:xml:ns:xmpp-stanzas")).SingleOrDefault());
    }

    [Fact]
    public async Task OversizedStanzaClosesWithPolicyViolation()
    {
        var (session, pipe) = await ConnectAsync(new StanzaRouter());
        await using var owned = session;
        // Not awaited: the rest of the stanza is never read once the limit is hit, so the pipe stays full.
        _ = pipe.Server.SendAsync("<message from='a@b/c'><body>" + new string('x', 128 * 1024) + "</body></message>");
        var closing = await pipe.Server.ReadUntilAsync("</stream:stream>");
        Assert.Contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>", closing, StringComparison.Ordinal);
        var e = await Assert.ThrowsAsync<XmppStreamException>(() => session.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("policy-violation", e.Condition);
        Assert.False(session.IsOpen);
    }

    [Fact]
    public async Task NonStanzaElementIsUnsupportedStanzaType()
    {
        var (session, pipe) = await ConnectAsync(new StanzaRouter());
        await using var owned = session;
        await pipe.Server.SendAsync("<foo/>");
        Assert.Contains("<unsupported-stanza-type", await pipe.Server.ReadUntilAsync("</stream:stream>"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StanzaInAForeignNamespaceIsInvalidNamespace()
    {
        var (session, pipe) = await ConnectAsync(new StanzaRouter());
        await using var owned = session;
        await pipe.Server.SendAsync("<iq xmlns='urn:wrong' type='get' id='w'/>");
        Assert.Contains("<invalid-namespace", await pipe.Server.ReadUntilAsync("</stream:stream>"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-authorized", "rejected the component secret")]
    [InlineData("conflict", "already registered")]
    public async Task RefusedHandshakeIsReportedClearly(string condition, string expected)
    {
        var pipe = new MemoryDuplex();
        var connecting = ComponentConnector.HandshakeAsync(pipe.Client, Options("wrong"), new StanzaRouter());
        await pipe.Server.ReadUntilAsync(">");
        await pipe.Server.SendAsync(ServerHeader);
        await pipe.Server.ReadUntilAsync("</handshake>");
        await pipe.Server.SendAsync($"<stream:error><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
        var e = await Assert.ThrowsAsync<XmppAuthenticationException>(() => connecting);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(condition, e.Condition);
    }

    [Fact]
    public async Task ServerClosingTheStreamCompletesTheSessionAndFailsPendingRequests()
    {
        var (session, pipe) = await ConnectAsync(new StanzaRouter());
        await using var owned = session;
        var request = session.RequestAsync(new Iq(IqType.Get, Jid.Parse("meet.localhost"), new XElement(XName.Get("ping", "urn:xmpp:ping"))));
        await pipe.Server.ReadUntilAsync("</iq>");
        await pipe.Server.SendAsync("</stream:stream>");
        await session.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<IOException>(() => request);
    }

    private static async Task<string> ReadStanzaAsync(MemoryDuplex.End server, string end)
    {
        var text = await server.ReadUntilAsync(end);
        var start = text.IndexOf("<iq", StringComparison.Ordinal);
        return text[start..(text.IndexOf(end, StringComparison.Ordinal) + end.Length)];
    }
}
