using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Processes;

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
        await using var conference = await BridgeConference.StartAsync(_prosody, _bridge!, chromium);
        await conference.WaitForMediaAsync(_bridge!, TimeSpan.FromSeconds(45));
    }
}
