using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Processes;
using Jitsi.Net.XmppComponent.Extensions.Colibri;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// The bridge as a focus drives it: a test-only focus sends colibri2 through a real Prosody to the real Videobridge
/// process, two real Chromium pages get plain SDP built from the answers, open the bridge channel, ask for video, and
/// each decodes the other's video and hears the other's audio.
/// </summary>
[Collection(ChromiumFixture.Collection)]
public sealed class BridgeConferenceTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly ProsodyFixture _prosody = new();
    private BridgeProcess? _bridge;

    public async Task InitializeAsync()
    {
        await _prosody.InitializeAsync();
        _bridge = await BridgeProcess.StartAsync(_prosody, "jvb-media-1");
    }

    public async Task DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }
        await _prosody.DisposeAsync();
    }

    [Fact]
    public async Task TwoChromiumPagesSeeAndHearEachOtherThroughTheBridge()
    {
        var bridge = _bridge!;
        await using var conference = await BridgeConference.StartAsync(_prosody, bridge, chromium);
        await conference.WaitForMediaAsync(bridge, TimeSpan.FromSeconds(45));

        // RTCP is terminated per hop: the bridge sent its own receiver reports and transport-cc feedback to the
        // senders and translated their sender reports; each page was told what it is forwarded and who speaks.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string[] kinds = ["receiver_report_sent", "sender_report_sent", "transport_cc_sent", "transport_cc_received"];
        foreach (var kind in kinds)
        {
            while (await BridgeConference.MetricAsync(bridge, $"jitsinet_bridge_rtcp_total{{kind=\"{kind}\"}}") == 0)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
        // Chromium's transport-cc feedback drives the bridge's bandwidth estimate toward each page (none of it
        // malformed), and the bridge probes with padding on the RTX stream while the pages keep receiving (below).
        while (await BridgeConference.MetricAsync(bridge, "jitsinet_bridge_probe_packets_total{kind=\"padding\"}") == 0)
        {
            await Task.Delay(100, timeout.Token);
        }
        Assert.Equal(0, await BridgeConference.MetricAsync(bridge, "jitsinet_bridge_rtcp_total{kind=\"transport_cc_malformed\"}"));
        foreach (var (id, peer) in conference.Pages)
        {
            var other = conference.Pages.Single(p => p.Id != id).Id;
            while (true)
            {
                var messages = await peer.ChannelMessagesAsync();
                if (messages.Any(m => m.Contains("\"ForwardedSources\"", StringComparison.Ordinal) && m.Contains($"\"{other}-v0\"", StringComparison.Ordinal))
                    && messages.Any(m => m.Contains("\"DominantSpeakerEndpointChangeEvent\"", StringComparison.Ordinal)))
                {
                    break;
                }
                await Task.Delay(100, timeout.Token);
            }
        }

        // The brewery presence reports the load the focus selects by (PROTOCOL.md §5.1): packet rate / 50,000.
        var brewery = await new MucClient(conference.Focus.Router, conference.Focus, Jid.Parse(_prosody.Options.FocusComponent + "/stats-reader"))
            .JoinAsync(Jid.Parse(_prosody.Options.BreweryJid), "stats-reader");
        while (!(brewery.Occupants.TryGetValue(bridge.BridgeId, out var occupant)
            && occupant.Extension(StatsElement.ElementName) is { } stats && new StatsElement(stats).Number(StatsElement.StressLevel) > 0))
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
