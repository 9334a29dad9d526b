using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>Restarts, the lone participant and bridge loss (PROTOCOL.md §1.6, §2.6, §5.4).</summary>
public sealed class LifecycleTests
{
    private static async Task<SessionsHarness> TwoAcceptedAsync()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await h.JingleAsync("aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4017, "aaaa0001-a0")));
        await h.JingleAsync("bbbb0002", SessionsHarness.Accept(h.SidOf("bbbb0002"), SessionsHarness.Source(5017, "bbbb0002-a0")));
        return h;
    }

    private static string Restart(string sid, string bridgeSession) => $"""
        <jingle xmlns="urn:xmpp:jingle:1" action="session-terminate" sid="{sid}">
          <reason><connectivity-error/><text>ICE FAILED</text></reason>
          <bridge-session xmlns="http://jitsi.org/protocol/focus" id="{bridgeSession}" restart="true"/>
        </jingle>
        """;

    private static string? Condition(XElement terminate) => terminate.Element(Namespaces.Jingle + "reason")?.Elements().First().Name.LocalName;

    [Fact]
    public async Task RestartRemovesTheSourcesAndInvitesAgainWithANewSid()
    {
        var h = await TwoAcceptedAsync();
        var oldSid = h.SidOf("aaaa0001");
        var oldBridgeSession = h.BridgeSessionOf("aaaa0001");
        var reply = await h.JingleAsync("aaaa0001", Restart(oldSid, oldBridgeSession));
        Assert.Equal(IqType.Result, reply.Type);

        var remove = Assert.Single(h.Sender.JingleTo("bbbb0002", "source-remove"));
        Assert.Contains(remove.Descendants(Namespaces.JingleSsma + "source"), s => (string?)s.Attribute("ssrc") == "4017");
        Assert.Equal(["aaaa0001"], h.Colibri.Last.ExpiredEndpoints);
        Assert.Equal(2, h.Sender.JingleTo("aaaa0001", "session-initiate").Count);
        Assert.NotEqual(oldSid, h.SidOf("aaaa0001"));
        Assert.NotEqual(oldBridgeSession, h.BridgeSessionOf("aaaa0001"));
        Assert.Equal(["aaaa0001", "bbbb0002", "aaaa0001"], h.Colibri.Last.Allocated);
        // The new offer already carries bbbb0002's sources.
        Assert.Contains(h.LastJingleTo("aaaa0001", "session-initiate").Descendants(Namespaces.JingleSsma + "source"), s => (string?)s.Attribute("ssrc") == "5017");
    }

    [Fact]
    public async Task AStaleBridgeSessionIsItemNotFound()
    {
        var h = await TwoAcceptedAsync();
        var reply = await h.JingleAsync("aaaa0001", Restart(h.SidOf("aaaa0001"), Guid.NewGuid().ToString()));
        Assert.Equal(StanzaErrorCondition.ItemNotFound, reply.Error?.Condition);
        Assert.Single(h.Sender.JingleTo("aaaa0001", "session-initiate"));
    }

    [Fact]
    public async Task RestartsAreRateLimited()
    {
        var h = await TwoAcceptedAsync();
        Assert.Equal(IqType.Result, (await h.JingleAsync("aaaa0001", Restart(h.SidOf("aaaa0001"), h.BridgeSessionOf("aaaa0001")))).Type);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        // Too soon: terminated all the same, but resource-constraint and no new invite.
        var reply = await h.JingleAsync("aaaa0001", Restart(h.SidOf("aaaa0001"), h.BridgeSessionOf("aaaa0001")));
        Assert.Equal(StanzaErrorCondition.ResourceConstraint, reply.Error?.Condition);
        Assert.Equal(2, h.Sender.JingleTo("aaaa0001", "session-initiate").Count);
        Assert.Equal(1, h.Sessions.SessionCount);
    }

    [Fact]
    public async Task AtMostFiveRestartsAMinute()
    {
        var h = await TwoAcceptedAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(IqType.Result, (await h.JingleAsync("aaaa0001", Restart(h.SidOf("aaaa0001"), h.BridgeSessionOf("aaaa0001")))).Type);
            h.Time.Advance(TimeSpan.FromSeconds(6));
        }
        var reply = await h.JingleAsync("aaaa0001", Restart(h.SidOf("aaaa0001"), h.BridgeSessionOf("aaaa0001")));
        Assert.Equal(StanzaErrorCondition.ResourceConstraint, reply.Error?.Condition);
        Assert.Equal(6, h.Sender.JingleTo("aaaa0001", "session-initiate").Count);
    }

    [Fact]
    public async Task ALoneParticipantIsTerminatedAfterTheTimeout()
    {
        var h = await TwoAcceptedAsync();
        await h.LeaveAsync("bbbb0002");
        h.Time.Advance(TimeSpan.FromSeconds(19));
        await h.FlushAsync();
        Assert.Empty(h.Sender.JingleTo("aaaa0001", "session-terminate"));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.FlushAsync();
        var terminate = Assert.Single(h.Sender.JingleTo("aaaa0001", "session-terminate"));
        Assert.Equal("expired", Condition(terminate));
        Assert.True(h.Colibri.Last.ConferenceExpired);
        Assert.Equal(0, h.Sessions.SessionCount);

        // Somebody joins again: both are invited afresh.
        await h.JoinAsync("cccc0003");
        Assert.Equal(2, h.Sender.JingleTo("aaaa0001", "session-initiate").Count);
        Assert.Equal(2, h.Colibri.Sessions.Count);
    }

    [Fact]
    public async Task ARejoinBeforeTheTimeoutKeepsTheSession()
    {
        var h = await TwoAcceptedAsync();
        await h.LeaveAsync("bbbb0002");
        await h.JoinAsync("cccc0003");
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.FlushAsync();
        Assert.Empty(h.Sender.JingleTo("aaaa0001", "session-terminate"));
        Assert.Single(h.Sender.JingleTo("cccc0003", "session-initiate"));
    }

    [Fact]
    public async Task LosingTheBridgeMovesEverybodyToAnother()
    {
        var h = await TwoAcceptedAsync();
        var second = h.AddBridge("jvb2", "0.5", "us-east");
        var first = h.Colibri.Last.Bridge;
        // As the health checker reports it: marked failed, then lost.
        first.MarkFailed(h.Time.GetUtcNow());
        await h.Queue.RunAsync(() => h.Sessions.OnBridgeLostAsync(first));
        await h.FlushAsync();
        foreach (var nick in new[] { "aaaa0001", "bbbb0002" })
        {
            var terminate = Assert.Single(h.Sender.JingleTo(nick, "session-terminate"));
            Assert.Equal("success", Condition(terminate));
            Assert.Equal("moving", terminate.Element(Namespaces.Jingle + "reason")?.Element(Namespaces.Jingle + "text")?.Value);
        }
        Assert.Equal(2, h.Colibri.Sessions.Count);
        Assert.Same(second, h.Colibri.Last.Bridge);
        Assert.Equal(2, h.Sender.JingleTo("aaaa0001", "session-initiate").Count);
        Assert.Equal("us-east", (string?)h.LastJingleTo("aaaa0001", "session-initiate").Element(Namespaces.Focus + "bridge-session")?.Attribute("region"));
    }

    [Fact]
    public async Task ABridgeShuttingDownIsLeftAndItsConferenceExpired()
    {
        var h = await TwoAcceptedAsync();
        h.AddBridge("jvb2", "0.5");
        var old = h.Colibri.Last;
        Bridge? announced = null;
        h.Bridges.ShuttingDown += b => announced = b;
        h.AddBridge("jvb1", "0.1", "eu-west", shuttingDown: true);
        Assert.Same(old.Bridge, announced);
        await h.Queue.RunAsync(() => h.Sessions.OnBridgeLostAsync(announced!));
        await h.FlushAsync();
        Assert.True(old.ConferenceExpired);
        Assert.Equal("jvb2", h.Colibri.Last.Bridge.Id);
        Assert.Equal(2, h.Sessions.SessionCount);
    }

    [Fact]
    public async Task AColibriFailureMarksTheBridgeFailedAndMovesTheConference()
    {
        var h = await TwoAcceptedAsync();
        h.AddBridge("jvb2", "0.5");
        h.Colibri.Last.Fail = true;
        await h.JingleAsync("aaaa0001", $"""
            <jingle xmlns="urn:xmpp:jingle:1" action="transport-info" sid="{h.SidOf("aaaa0001")}">
              <content name="audio"><transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="u" pwd="p"/></content>
            </jingle>
            """);
        Assert.False(h.Bridges.Find("jvb1")!.IsOperational(h.Time.GetUtcNow()));
        Assert.Equal("jvb2", h.Colibri.Last.Bridge.Id);
        Assert.Equal(["aaaa0001", "bbbb0002"], h.Colibri.Last.Allocated);
        Assert.Equal(2, h.Sessions.SessionCount);
    }

    [Fact]
    public async Task AnUnknownEndpointReinvitesOnlyThatParticipant()
    {
        var h = await TwoAcceptedAsync();
        h.Colibri.Last.NextUpdateError = new ColibriException("unknown", StanzaErrorCondition.ItemNotFound, Colibri2Error.UnknownEndpoint);
        var oldSid = h.SidOf("aaaa0001");
        await h.JingleAsync("aaaa0001", $"""
            <jingle xmlns="urn:xmpp:jingle:1" action="transport-info" sid="{oldSid}">
              <content name="audio"><transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="u" pwd="p"/></content>
            </jingle>
            """);
        Assert.Equal("moving", Assert.Single(h.Sender.JingleTo("aaaa0001", "session-terminate")).Element(Namespaces.Jingle + "reason")?.Element(Namespaces.Jingle + "text")?.Value);
        Assert.NotEqual(oldSid, h.SidOf("aaaa0001"));
        Assert.Single(h.Colibri.Sessions);
        Assert.Empty(h.Sender.JingleTo("bbbb0002", "session-terminate"));
        Assert.Single(h.Sender.JingleTo("bbbb0002", "source-remove"));
        Assert.True(h.Bridges.Find("jvb1")!.IsOperational(h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task AParticipantSkippedForLackOfABridgeIsInvitedWhenALaterInviteOfTheSameRoundFindsOne()
    {
        var h = new SessionsHarness();
        h.Bridges.Find("jvb1")!.MarkFailed(h.Time.GetUtcNow());
        h.Sender.Features["aaaa0001"] = RecordingSender.BrowserFeatures;
        h.Sender.Features["bbbb0002"] = RecordingSender.BrowserFeatures;
        h.Sender.HoldDisco["bbbb0002"] = true;
        await h.JoinAsync("aaaa0001");

        // Bob's join starts a round: alice finds no bridge; the round then waits for bob's disco#info.
        var joining = h.Queue.RunAsync(() => h.Sessions.OnJoinedAsync(SessionsHarness.Occupant("bbbb0002")));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!h.Sessions.WaitingForBridge)
            {
                await Task.Delay(10, timeout.Token);
            }
        }
        // Meanwhile the bridge becomes usable again, and bob's disco answer arrives.
        h.Time.Advance(Bridge.FailureResetTime + TimeSpan.FromSeconds(1));
        h.Sender.ReleaseDisco("bbbb0002");
        await joining;
        await h.FlushAsync();

        Assert.Single(h.Sender.JingleTo("bbbb0002", "session-initiate"));
        Assert.Single(h.Sender.JingleTo("aaaa0001", "session-initiate"));
    }
}
