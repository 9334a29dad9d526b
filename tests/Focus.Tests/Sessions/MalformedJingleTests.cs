using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>Bad Jingle requests get the right error and change nothing; the conference goes on (PROTOCOL.md §2.3).</summary>
public sealed class MalformedJingleTests
{
    private static async Task AssertRefusedAsync(SessionsHarness h, string nick, string jingle, StanzaErrorCondition condition, string? textPart = null)
    {
        var reply = await h.JingleAsync(nick, jingle);
        Assert.Equal(IqType.Error, reply.Type);
        Assert.Equal(condition, reply.Error!.Condition);
        if (textPart is not null)
        {
            Assert.Contains(textPart, reply.Error.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MissingSidIsABadRequest()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await AssertRefusedAsync(h, "aaaa0001", """<jingle xmlns="urn:xmpp:jingle:1" action="session-accept"/>""", StanzaErrorCondition.BadRequest, "sid");
    }

    [Fact]
    public async Task UnknownSidOrStrangerIsItemNotFound()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept("nosuchsid"), StanzaErrorCondition.ItemNotFound);
        // Another participant's sid is not yours.
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("bbbb0002")), StanzaErrorCondition.ItemNotFound);
        await AssertRefusedAsync(h, "zzzz9999", SessionsHarness.Accept(h.SidOf("bbbb0002")), StanzaErrorCondition.ItemNotFound);
    }

    [Theory]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="abc" name="aaaa0001-a0"/>""", "not a number")]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="0" name="aaaa0001-a0"/>""", "ssrc 0")]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="4294967296" name="aaaa0001-a0"/>""", "range")]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="5" name="bbbb0002-a0"/>""", "does not start with")]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="5" name="aaaa0001-a0"/><ssrc-group xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" semantics="FID"><source ssrc="5"/></ssrc-group>""", "FID")]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="5" name="aaaa0001-a0"/><source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="6" name="aaaa0001-a0"/><ssrc-group xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" semantics="FID"><source ssrc="5"/><source ssrc="6"/></ssrc-group>""", "msid")]
    [InlineData("""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="5" name="aaaa0001-a0"/><ssrc-group xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" semantics="FID"><source ssrc="5"/><source ssrc="7"/></ssrc-group>""", "not signalled")]
    public async Task BadSourcesRefuseTheWholeAccept(string sources, string reason)
    {
        var h = await SessionsHarness.WithTwoAsync();
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), sources), StanzaErrorCondition.BadRequest, reason);
        Assert.Empty(h.Colibri.Last.Updates);
        Assert.Empty(h.Sender.JingleTo("bbbb0002", "source-add"));
        // The session is still pending: a good accept afterwards works.
        Assert.Equal(IqType.Result, (await h.JingleAsync("aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(5, "aaaa0001-a0")))).Type);
    }

    [Fact]
    public async Task AnSsrcOwnedByAnotherEndpointIsRefused()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await h.JingleAsync("bbbb0002", SessionsHarness.Accept(h.SidOf("bbbb0002"), SessionsHarness.Source(4242, "bbbb0002-a0")));
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4242, "aaaa0001-a0")),
            StanzaErrorCondition.BadRequest, "another endpoint");
    }

    [Fact]
    public async Task AnMsidOfAnotherSourceIsRefused()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await h.JingleAsync("bbbb0002", SessionsHarness.Accept(h.SidOf("bbbb0002"), SessionsHarness.Source(4242, "bbbb0002-a0", "s t")));
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(5, "aaaa0001-a0", "s t")),
            StanzaErrorCondition.BadRequest, "msid");
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(5, "aaaa0001-a0", "x y"),
            SessionsHarness.Source(6, "aaaa0001-v0", "x y")), StanzaErrorCondition.BadRequest, "msid");
    }

    [Fact]
    public async Task TenThousandSourcesAreRefusedAndTooManyForTheLimitToo()
    {
        var h = await SessionsHarness.WithTwoAsync();
        var flood = string.Concat(Enumerable.Range(1, 10_000).Select(i => SessionsHarness.Source((uint)i, "aaaa0001-v0")));
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), videoSources: flood), StanzaErrorCondition.BadRequest, "limit");
        var justOver = string.Concat(Enumerable.Range(1, 21).Select(i => SessionsHarness.Source((uint)i, $"aaaa0001-v{i}")));
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), videoSources: justOver), StanzaErrorCondition.BadRequest);
        Assert.Equal(2, h.Sessions.SessionCount);
    }

    [Fact]
    public async Task OwnerClaimedForSomebodyElseIsRefused()
    {
        var h = await SessionsHarness.WithTwoAsync();
        var forged = """<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="5" name="bbbb0002-a0"><ssrc-info xmlns="http://jitsi.org/jitmeet" owner="bbbb0002"/></source>""";
        await AssertRefusedAsync(h, "aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), forged), StanzaErrorCondition.BadRequest, "not aaaa0001");
    }

    [Fact]
    public async Task OtherActionsAreAcknowledged()
    {
        var h = await SessionsHarness.WithTwoAsync();
        var reply = await h.JingleAsync("aaaa0001", $"""<jingle xmlns="urn:xmpp:jingle:1" action="session-info" sid="{h.SidOf("aaaa0001")}"/>""");
        Assert.Equal(IqType.Result, reply.Type);
        reply = await h.JingleAsync("aaaa0001", $"""<jingle xmlns="urn:xmpp:jingle:1" action="transport-replace" sid="{h.SidOf("aaaa0001")}"/>""");
        Assert.Equal(IqType.Result, reply.Type);
        Assert.DoesNotContain(h.Sender.Sent.OfType<Iq>(), i => (string?)i.Payload?.Attribute("action") == "transport-replace");
    }
}
