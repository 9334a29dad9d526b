using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary><c>Media:AudioSpeakersForwarded</c> on the packet path: audio of sources that are neither among the recent
/// speakers nor speaking now is dropped, a loud packet admits its source at once, levels are read without allocating;
/// and the <c>Media</c> keys are validated. What reached the receiver is counted by its transport-wide numbering
/// (stamped per packet sent toward it).</summary>
public sealed class SilentAudioTests : IDisposable
{
    private const byte LevelId = 1;
    private const byte TransportCcId = 5;
    private const int Loud = 25;
    private const int Quiet = 70;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private readonly FakeTimeProvider _time = new();
    private readonly ForwardingCounters _counters = new();
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia[] _senders;
    private readonly EndpointMedia _receiver;
    private readonly byte[] _buffer = new byte[1600];
    private ushort _sequence;
    private int _reads;

    public SilentAudioTests()
    {
        _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        var conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(conference.FeedbackVideoSsrc, _counters, _time, new ForwardingOptions { AudioSpeakersForwarded = 1 });
        _senders = [.. new[] { "s1", "s2", "s3" }.Select((id, i) => Media(conference, id, (uint)(0x100 + i)))];
        _receiver = Media(conference, "receiver", 0x200);
        _worker.RunPosted();
        _router.Events.Evaluate(_time.GetTimestamp());
    }

    public void Dispose()
    {
        _worker.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public void OnlyRecentSpeakersAndWhoeverSpeaksNow_AreForwarded()
    {
        // Nobody has spoken: a quiet microphone's packets stay at the bridge.
        Send(_senders[0], Quiet);
        Assert.Equal(1, _counters.DroppedSilentAudio);
        Assert.Equal(0, ForwardedCount());

        // The first loud packet goes out at once, and the quiet ones after it for a second (word endings).
        Send(_senders[0], Loud);
        Assert.Equal(1, ForwardedCount());
        Tick(500);
        Send(_senders[0], Quiet);
        Assert.Equal(2, ForwardedCount());
        Tick(1100);
        Send(_senders[0], Quiet);
        Assert.Equal(2, ForwardedCount());
        Assert.Equal(2, _counters.DroppedSilentAudio);

        // s1 talks until it is the speaker: then its quiet packets go out too, however long it is quiet.
        Talk(_senders[0], 1500);
        Assert.Equal(_senders[0], _router.Events.Speaker.Current);
        Tick(3000);
        var before = ForwardedCount();
        Send(_senders[0], Quiet);
        Assert.Equal(before + 1, ForwardedCount());

        // s2 is neither: quiet dropped, loud forwarded at once.
        Send(_senders[1], Quiet);
        Assert.Equal(before + 1, ForwardedCount());
        Send(_senders[1], Loud);
        Assert.Equal(before + 2, ForwardedCount());

        // s2 takes the floor; with one speaker forwarded, s1 (now a previous speaker) is dropped once quiet.
        Talk(_senders[1], 1500);
        Assert.Equal(_senders[1], _router.Events.Speaker.Current);
        Tick(1100);
        before = ForwardedCount();
        Send(_senders[0], Quiet);
        Send(_senders[1], Quiet);
        Assert.Equal(before + 1, ForwardedCount());

        // Force-muted audio is never forwarded, loud or not.
        _senders[2].AudioMuted = true;
        Send(_senders[2], Loud);
        Assert.Equal(1, _counters.DroppedForceMuted);
        Assert.Equal(before + 1, ForwardedCount());
    }

    [Fact]
    public void ReadingLevels_AndDroppingSilence_AllocateNothing()
    {
        _router.Events.Speaker.Evaluate(_router.Endpoints, _time.GetTimestamp());
        var packets = Enumerable.Range(0, 400).Select(i => Packet(_senders[i % 2], (ushort)i, i % 30 == 0 ? Loud : Quiet)).ToArray();
        Run(packets.AsSpan(0, 200));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(packets.AsSpan(200, 200));

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(_counters.DroppedSilentAudio > 0);
        Assert.True(ForwardedCount() > 0);
    }

    [Theory]
    [InlineData("LastN", "-2", "Media:LastN")]
    [InlineData("AudioSpeakersForwarded", "-1", "Media:AudioSpeakersForwarded")]
    [InlineData("AudioSpeakersForwarded", "12", "Media:AudioSpeakersForwarded")]
    public void BadMediaKeys_AreRejectedNamingTheKey(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Media:{key}"] = value }).Build();

        var error = Assert.Throws<ConfigurationException>(() => SettingsBinder.Bind<BridgeMediaSettings>(configuration, "Media"));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void MediaKeys_BecomeTheForwardingOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:LastN"] = "3",
            ["Media:AudioSpeakersForwarded"] = "2",
        }).Build();

        var options = SettingsBinder.Bind<BridgeMediaSettings>(configuration, "Media").ToForwardingOptions();

        Assert.Equal(new ForwardingOptions { DefaultLastN = 3, AudioSpeakersForwarded = 2 }, options);
        Assert.Equal(new ForwardingOptions(), new BridgeMediaSettings().ToForwardingOptions());
    }

    /// <summary>Packets sent toward the receiver so far (reading its transport-wide counter moves it by one).</summary>
    private int ForwardedCount() => _receiver.NextTransportSequence() - _reads++;

    private void Send(EndpointMedia sender, int dbov)
    {
        var packet = Packet(sender, _sequence++, dbov);
        packet.CopyTo(_buffer, 0);
        _router.Route(sender, _buffer.AsSpan(0, packet.Length));
    }

    private void Run(ReadOnlySpan<byte[]> packets)
    {
        foreach (var packet in packets)
        {
            packet.CopyTo(_buffer, 0);
            var ssrc = (uint)((packet[8] << 24) | (packet[9] << 16) | (packet[10] << 8) | packet[11]);
            _router.Route(_senders[ssrc - 0x100], _buffer.AsSpan(0, packet.Length));
            // Only the clock: the timer's event work allocates (twice a second), the packet path must not.
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary><paramref name="sender"/> speaks (a dip every 200 ms) and the others are quiet, a packet each per
    /// 20 ms, the conference timer running.</summary>
    private void Talk(EndpointMedia sender, int milliseconds)
    {
        for (var ms = 0; ms < milliseconds; ms += 20)
        {
            foreach (var other in _senders)
            {
                Send(other, other == sender && ms % 200 != 0 ? Loud : Quiet);
            }
            Tick(20);
        }
    }

    private void Tick(int milliseconds)
    {
        for (var ms = 0; ms < milliseconds; ms += 10)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _router.Timer();
        }
    }

    private EndpointMedia Media(Conference conference, string id, uint audioSsrc)
    {
        var media = new EndpointMedia(new Endpoint(conference, id, null), _router) { AudioLevelId = LevelId, TransportCcId = TransportCcId };
        Assert.True(EndpointSourceSet.TryCreate([new SourceDescription(id, MediaType.Audio, $"{id}-a0", [audioSsrc], [])], out var sources, out _));
        media.Sources = SourceTable.From(sources);
        media.Transport = _worker.CreateEndpoint(id, media);
        _router.Add(media);
        return media;
    }

    /// <summary>An Opus-like packet of <paramref name="sender"/>'s audio SSRC with its RFC 6464 level.</summary>
    private static byte[] Packet(EndpointMedia sender, ushort sequenceNumber, int dbov)
    {
        var ssrc = 0x100u + (uint)(sender.Endpoint.Id[1] - '1');
        var plain = SrtpPackets.Rtp(ssrc, sequenceNumber, 60);
        plain[1] = 111;
        var buffer = new byte[1600];
        plain.CopyTo(buffer, 0);
        Assert.True(RtpHeaderExtensions.TryAdd(buffer, plain.Length, LevelId, [AudioLevelExtension.Encode(true, (byte)dbov)], out var length));
        return buffer[..length];
    }
}
