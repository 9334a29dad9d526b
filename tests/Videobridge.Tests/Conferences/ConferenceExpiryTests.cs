using Jitsi.Net.Videobridge.Colibri;
using Jitsi.Net.Videobridge.Conferences;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Jitsi.Net.Videobridge.Tests.Conferences;

public sealed class ConferenceExpiryTests
{
    [Fact]
    public void IdleEndpointsThenEmptyConferencesExpireAfterTheTimeout()
    {
        var time = new FakeTimeProvider();
        var registry = new ConferenceRegistry(time);
        var media = Substitute.For<IMediaPlane>();
        var expiry = new ConferenceExpiry(registry, media, time, NullLogger<ConferenceExpiry>.Instance);
        var conference = registry.TryCreate("m1", null)!;
        var idle = new Endpoint(conference, "idle0001", null);
        var busy = new Endpoint(conference, "busy0002", null);
        conference.TryAddEndpoint(idle);
        conference.TryAddEndpoint(busy);

        time.Advance(TimeSpan.FromSeconds(50));
        busy.Touch();
        Assert.Equal((0, 0), expiry.Sweep());

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal((1, 0), expiry.Sweep());
        media.Received(1).Release(idle);
        Assert.Null(conference.FindEndpoint("idle0001"));
        Assert.True(idle.IsExpired);

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal((1, 0), expiry.Sweep());
        // Removing the last endpoint counts as activity: the empty conference lives one more timeout.
        Assert.Single(registry.Conferences);
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal((0, 1), expiry.Sweep());
        Assert.Empty(registry.Conferences);
        Assert.True(conference.IsExpired);
    }
}
