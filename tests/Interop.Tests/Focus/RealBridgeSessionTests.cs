using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>
/// The focus allocating on the real Videobridge process (not a scripted one): scripted participants in a real
/// Prosody room get offers whose transport is the bridge's own (ICE credentials, a loopback host candidate on its media
/// port, its DTLS fingerprint, its colibri-ws URL), their accepted sources reach the other participant, and the bridge
/// holds the conference with both endpoints.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RealBridgeSessionTests(StackFixture stack) : IClassFixture<StackFixture>
{
    private static string Accept(string sid, string nick, uint ssrc) => JingleSources.SessionAccept(sid, nick, ssrc, withCandidate: true);

    [Fact]
    public async Task OffersCarryTheRealBridgesTransportAndTheBridgeHoldsBothEndpoints()
    {
        var room = Jid.Parse($"real{Guid.NewGuid():N}@conference.{stack.Domain}");
        await using var alice = await ScriptedParticipant.JoinAsync(stack, room, "a0a0a0a0");
        await using var bob = await ScriptedParticipant.JoinAsync(stack, room, "b0b0b0b0");
        var aliceOffer = new JingleElement(await alice.NextJingleAsync("session-initiate"));
        var bobOffer = new JingleElement(await bob.NextJingleAsync("session-initiate"));

        using var http = new HttpClient();
        var health = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{stack.Options.BridgeHttpPort}/about/health");
        var bridgeId = health.GetProperty("id").GetString()!;
        foreach (var offer in new[] { aliceOffer, bobOffer })
        {
            var transport = offer.Content("audio")!.Transport!;
            Assert.True(transport.Ufrag?.Length >= 4 && transport.Pwd?.Length >= 22, "ICE credentials of RFC 8445 §5.3 length");
            var candidate = Assert.Single(transport.Candidates);
            Assert.Equal(("127.0.0.1", "udp", "host"), (candidate.Ip, candidate.Protocol, candidate.Type));
            Assert.Equal("actpass", transport.Fingerprint!.Setup);
            Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", transport.Fingerprint.Value);
            Assert.StartsWith($"ws://127.0.0.1:{stack.Options.BridgePublicHttpPort}/colibri-ws/{bridgeId}/", transport.WebSockets.Single().Url, StringComparison.Ordinal);
            // The same transport in every content (BUNDLE).
            Assert.Equal(transport.Ufrag, offer.Content("video")!.Transport!.Ufrag);
        }
        Assert.NotEqual(aliceOffer.Content("audio")!.Transport!.Ufrag, bobOffer.Content("audio")!.Transport!.Ufrag);

        Assert.Equal(IqType.Result, (await bob.SendJingleAsync(Accept(bobOffer.Sid!, bob.Nick, 6017))).Type);
        Assert.Equal(IqType.Result, (await alice.SendJingleAsync(Accept(aliceOffer.Sid!, alice.Nick, 7017))).Type);
        Assert.True((await bob.NextJingleAsync("source-add")).TryGetSources(out var toBob));
        Assert.Contains(toBob.Sources, s => s.Owner == alice.Nick && s.Ssrcs.Contains(7017u));

        var stats = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{stack.Options.BridgeHttpPort}/colibri/stats");
        var conference = stats.GetProperty("conference_list").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == room.ToString());
        Assert.Equal([alice.Nick, bob.Nick], conference.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
    }
}
