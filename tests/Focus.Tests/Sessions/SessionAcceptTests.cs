using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>What follows an offer (PROTOCOL.md §2.3–§2.5): accept, trickle and source changes reach the bridge and
/// the other participants.</summary>
public sealed class SessionAcceptTests
{
    private static readonly XNamespace Ssma = Namespaces.JingleSsma;

    [Fact]
    public async Task AcceptUpdatesTheBridgeAndSendsSourceAddToTheOther()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await h.JingleAsync("bbbb0002", SessionsHarness.Accept(h.SidOf("bbbb0002")));
        var reply = await h.JingleAsync("aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4017, "aaaa0001-a0"),
            SessionsHarness.SimulcastVideo("aaaa0001", 100)));
        Assert.Equal(IqType.Result, reply.Type);
        Assert.Null(reply.Payload);

        var update = h.Colibri.Last.Updates.Last();
        Assert.Equal("aaaa0001", update.Endpoint);
        Assert.Equal(("cU1", "active"), (update.Transport?.Ufrag, update.Transport?.Fingerprint?.Setup));
        // The bridge gets everything, simulcast included.
        Assert.Equal(7, update.Sources!.Sources.Sum(s => s.Ssrcs.Count));
        Assert.Contains(update.Sources.Sources.SelectMany(s => s.Groups), g => g.Semantics == "SIM");

        var add = Assert.Single(h.Sender.JingleTo("bbbb0002", "source-add"));
        Assert.Equal(h.SidOf("bbbb0002"), (string?)add.Attribute("sid"));
        Assert.Equal(["4017", "100", "110"], add.Descendants(Ssma + "source").Where(s => s.Attribute("name") is not null).Select(s => (string?)s.Attribute("ssrc")));
        Assert.DoesNotContain(add.Descendants(Ssma + "ssrc-group"), g => (string?)g.Attribute("semantics") == "SIM");
        Assert.Empty(h.Sender.JingleTo("aaaa0001", "source-add"));
    }

    [Fact]
    public async Task SourceAddWaitsUntilTheReceiverHasAccepted()
    {
        var h = await SessionsHarness.WithTwoAsync(RecordingSender.BrowserFeatures);
        await h.JingleAsync("aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4017, "aaaa0001-a0")));
        Assert.Empty(h.Sender.JingleTo("bbbb0002", "source-add"));

        await h.JingleAsync("bbbb0002", SessionsHarness.Accept(h.SidOf("bbbb0002"), SessionsHarness.Source(5017, "bbbb0002-a0")));
        var add = Assert.Single(h.Sender.JingleTo("bbbb0002", "source-add"));
        // bbbb0002 reads JSON sources.
        var json = add.Element(Namespaces.JitMeet + "json-message")!;
        Assert.True(EndpointSourceSet.TryParseJson(json.Value, 100, out var sources, out _));
        Assert.Equal(4017u, Assert.Single(sources!.Sources).Ssrcs[0]);
        Assert.Single(h.Sender.JingleTo("aaaa0001", "source-add"));
    }

    [Fact]
    public async Task TransportInfoGoesToTheBridgeEvenBeforeTheAccept()
    {
        var h = await SessionsHarness.WithTwoAsync();
        var reply = await h.JingleAsync("aaaa0001", $"""
            <jingle xmlns="urn:xmpp:jingle:1" action="transport-info" sid="{h.SidOf("aaaa0001")}">
              <content creator="initiator" name="audio"><transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="cU1" pwd="p">
                <candidate component="1" foundation="2" generation="0" id="x" network="0" ip="127.0.0.1" port="5000" priority="1" protocol="udp" type="host"/>
              </transport></content>
            </jingle>
            """);
        Assert.Equal(IqType.Result, reply.Type);
        var update = Assert.Single(h.Colibri.Last.Updates);
        Assert.Equal("5000", update.Transport!.Candidates.Single().Port?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(update.Sources);
    }

    [Fact]
    public async Task ScreenShareIsAddedThenRemovedAndRelayed()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await h.JingleAsync("aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4017, "aaaa0001-a0")));
        await h.JingleAsync("bbbb0002", SessionsHarness.Accept(h.SidOf("bbbb0002")));
        var share = $"""
            <content name="video"><description xmlns="urn:xmpp:jingle:apps:rtp:1" media="video">
              {SessionsHarness.Source(900, "aaaa0001-v1", "ds dt")}{SessionsHarness.Source(901, "aaaa0001-v1", "ds dt")}{SessionsHarness.Group("FID", 900, 901)}
            </description></content>
            """;
        var add = await h.JingleAsync("aaaa0001", $"""<jingle xmlns="urn:xmpp:jingle:1" action="source-add" sid="{h.SidOf("aaaa0001")}">{share}</jingle>""");
        Assert.Equal(IqType.Result, add.Type);
        Assert.Equal(3, h.Colibri.Last.Updates.Last().Sources!.Sources.Sum(s => s.Ssrcs.Count));
        var relayed = h.Sender.JingleTo("bbbb0002", "source-add").Last();
        Assert.Equal(["900", "901"], relayed.Descendants(Ssma + "source").Where(s => s.Attribute("name") is not null).Select(s => (string?)s.Attribute("ssrc")));

        var remove = await h.JingleAsync("aaaa0001", $"""<jingle xmlns="urn:xmpp:jingle:1" action="source-remove" sid="{h.SidOf("aaaa0001")}">{share}</jingle>""");
        Assert.Equal(IqType.Result, remove.Type);
        Assert.Equal(["4017"], h.Colibri.Last.Updates.Last().Sources!.Sources.SelectMany(s => s.Ssrcs).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var removed = Assert.Single(h.Sender.JingleTo("bbbb0002", "source-remove"));
        Assert.Equal(2, removed.Descendants(Ssma + "source").Count(s => s.Attribute("name") is not null));
    }

    [Fact]
    public async Task LeavingExpiresTheEndpointWithoutSourceRemove()
    {
        var h = await SessionsHarness.WithTwoAsync();
        await h.JoinAsync("cccc0003");
        await h.JingleAsync("aaaa0001", SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4017, "aaaa0001-a0")));
        await h.LeaveAsync("aaaa0001");
        Assert.Equal(["aaaa0001"], h.Colibri.Last.ExpiredEndpoints);
        Assert.Empty(h.Sender.JingleTo("bbbb0002", "source-remove"));
        Assert.Empty(h.Sender.JingleTo("cccc0003", "source-remove"));
        Assert.False(h.Colibri.Last.ConferenceExpired);
    }
}
