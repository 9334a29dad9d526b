using System.Globalization;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>The Volfin–Cohen dominant-speaker model replayed on recorded level traces (<c>Traces/*.csv</c>, written by
/// <c>Traces/make_traces.py</c>): every packet's level at its arrival time, the conference timer every 10 ms on a fake
/// clock, and the sequence of speaker changes with their times asserted.</summary>
public sealed class DominantSpeakerTests
{
    [Fact]
    public void Takeover_SwitchesWithinASecondOfTheNewSpeakerStarting()
    {
        var changes = Replay("takeover.csv");

        Assert.Equal(["a", "b"], changes.Select(c => c.Id));
        Assert.InRange(changes[0].Ms, 500, 1500);
        Assert.InRange(changes[1].Ms, 4000, 5000);
    }

    [Fact]
    public void Coughs_DoNotStealTheFloor_EvenInAPause()
    {
        var changes = Replay("cough.csv");

        Assert.Equal(["a"], changes.Select(c => c.Id));
    }

    [Fact]
    public void BackgroundNoise_OnASilentParticipant_NeverWins()
    {
        var changes = Replay("noise.csv", out var speaker);

        Assert.Equal(["a"], changes.Select(c => c.Id));
        Assert.InRange(changes[0].Ms, 1000, 2000);
        // The noisy endpoint's floor has settled on its noise, so none of it counts as speech.
        var noisy = speaker.Endpoints.Single(e => e.Endpoint.Id == "c");
        Assert.InRange(noisy.Speech.NoiseFloor, 127 - 46, 127 - 40);
        Assert.Equal(SpeechActivity.MinScore, noisy.Speech.Medium);
    }

    [Fact]
    public void AlternatingSpeakers_EachTakeTheFloorInTurn()
    {
        var changes = Replay("alternate.csv", out var speaker);

        Assert.Equal(["a", "b", "a", "b"], changes.Select(c => c.Id));
        int[] starts = [500, 3000, 5500, 8000];
        for (var i = 0; i < starts.Length; i++)
        {
            Assert.InRange(changes[i].Ms, starts[i], starts[i] + 1000);
        }
        Assert.Equal(["a"], speaker.Events.Speaker.Previous.Select(e => e.Endpoint.Id));
    }

    [Fact]
    public void Silence_KeepsTheLastSpeaker_WhoseScoresDecay()
    {
        var changes = Replay("silence.csv", out var speaker);

        Assert.Equal(["a"], changes.Select(c => c.Id));
        Assert.Equal("a", speaker.Events.Speaker.Current?.Endpoint.Id);
        // A stopped sending at 2.5 s: its window has filled with silence.
        var a = speaker.Events.Speaker.Current!.Speech;
        Assert.Equal(SpeechActivity.MinScore, a.Immediate);
        Assert.Equal(SpeechActivity.MinScore, a.Medium);
        Assert.Equal(SpeechActivity.MinScore, a.Long);
    }

    [Fact]
    public void ChromiumFakeMicrophones_TheFirstTakesTheFloor_AndTwoBeepersDoNotFlipFlop()
    {
        // Recorded levels: each page's beep decays from −8 to about −95 dBov over 360 ms, every 500 ms, out of phase.
        var changes = Replay("chromium-beeps.csv");

        Assert.Equal("p1", changes[0].Id);
        Assert.InRange(changes[0].Ms, 0, 1500);
        Assert.InRange(changes.Count, 1, 2);
    }

    [Fact]
    public void ChromiumFakeMicrophone_TakesOverWhenTheOtherFallsSilent()
    {
        // The same recording with p1 muted from 6 s and p2 unmuted from then on (no packets while muted).
        var changes = Replay("chromium-beeps.csv", row => row.Id == "p1" ? row.Ms < 6000 : row.Ms >= 6000);

        Assert.Equal(["p1", "p2"], changes.Select(c => c.Id));
        // p1's last beeps stay in its long window for a second, and a decision only switches while p2 is sounding.
        Assert.InRange(changes[1].Ms, 6000, 7500);
    }

    [Fact]
    public void ActivityScore_IsTheBinomialOverExponentialLogLikelihoodRatio()
    {
        // ln C(5,5) + 5 ln ½ − ln 24 + 24·5
        Assert.Equal((5 * Math.Log(0.5)) - Math.Log(24) + 120, SpeechActivity.ActivityScore(5, 5, 24), 9);
        // ln C(13,8) + 13 ln ½ − ln 0.78 + 0.78·8
        Assert.Equal(Math.Log(1287) + (13 * Math.Log(0.5)) - Math.Log(0.78) + 6.24, SpeechActivity.ActivityScore(8, 13, 0.78), 9);
        // No activity is no evidence of speech: the floor.
        Assert.Equal(SpeechActivity.MinScore, SpeechActivity.ActivityScore(0, 10, 47));
    }

    [Fact]
    public void PreviousSpeakers_AreMostRecentFirst_AndDepartedEndpointsLeave()
    {
        var replay = new ConferenceReplay(["a", "b", "c", "d"]);
        foreach (var id in new[] { "a", "b", "c", "d", "b" })
        {
            replay.Speak(id, 1500);
        }

        Assert.Equal("b", replay.Events.Speaker.Current?.Endpoint.Id);
        Assert.Equal(["d", "c", "a"], replay.Events.Speaker.Previous.Select(e => e.Endpoint.Id));
        Assert.Equal([3, 0, 2, 1], replay.Endpoints.Select(e => replay.Events.Speaker.Rank(e, replay.Endpoints)));

        replay.Router.Remove(replay.Endpoints[2]);
        replay.Speak("none", 300);
        Assert.Equal(["d", "a"], replay.Events.Speaker.Previous.Select(e => e.Endpoint.Id));
    }

    private static List<(int Ms, string Id)> Replay(string trace, Func<(int Ms, string Id, int Dbov), bool>? keep = null) => Replay(trace, out _, keep);

    private static List<(int Ms, string Id)> Replay(string trace, out ConferenceReplay replay, Func<(int Ms, string Id, int Dbov), bool>? keep = null)
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Forwarding", "Traces", trace))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(','))
            .Select(f => (Ms: int.Parse(f[0], CultureInfo.InvariantCulture), Id: f[1], Dbov: int.Parse(f[2], CultureInfo.InvariantCulture)))
            .Where(row => keep is null || keep(row))
            .ToList();
        replay = new ConferenceReplay([.. rows.Select(r => r.Id).Distinct().Order()]);
        foreach (var (ms, id, dbov) in rows)
        {
            replay.RunUntil(ms);
            replay.Level(id, dbov);
        }
        replay.RunUntil(rows[^1].Ms + 20);
        return replay.Changes;
    }

    /// <summary>A conference of endpoints on a fake clock whose timer runs every 10 ms, recording speaker changes.</summary>
    internal sealed class ConferenceReplay
    {
        private readonly FakeTimeProvider _time = new();
        private int _ms;
        private int _nextTick;

        public ConferenceReplay(IReadOnlyList<string> ids, ForwardingOptions? options = null)
        {
            Router = new ConferenceRouter(1, new ForwardingCounters(), _time, options);
            var conference = new Conference("meeting", null, _time);
            foreach (var id in ids)
            {
                Router.Add(new EndpointMedia(new Endpoint(conference, id, null), Router));
            }
        }

        public ConferenceRouter Router { get; }

        public ConferenceEvents Events => Router.Events;

        public List<EndpointMedia> Endpoints => Router.Endpoints;

        public List<(int Ms, string Id)> Changes { get; } = [];

        public long Now => _time.GetTimestamp();

        public int Ms => _ms;

        /// <summary>Moves the clock to <paramref name="ms"/>, running every timer tick on the way.</summary>
        public void RunUntil(int ms)
        {
            while (_nextTick <= ms)
            {
                Advance(_nextTick);
                var before = Events.Speaker.Current;
                Router.Timer();
                if (Events.Speaker.Current != before && Events.Speaker.Current is { } current)
                {
                    Changes.Add((_ms, current.Endpoint.Id));
                }
                _nextTick += 10;
            }
            Advance(ms);
        }

        public void Level(string id, int dbov) => Endpoints.Single(e => e.Endpoint.Id == id).Speech.OnLevel(127 - dbov, Now);

        /// <summary><paramref name="id"/> speaks (−25 dBov, a dip to −70 every 200 ms) for <paramref name="durationMs"/>
        /// while the others' microphones are quiet (−70 dBov).</summary>
        public void Speak(string id, int durationMs)
        {
            for (var end = _ms + durationMs; _ms < end;)
            {
                foreach (var endpoint in Endpoints)
                {
                    endpoint.Speech.OnLevel(127 - (endpoint.Endpoint.Id == id && _ms % 200 != 0 ? 25 : 70), Now);
                }
                RunUntil(_ms + 20);
            }
        }

        private void Advance(int ms)
        {
            if (ms > _ms)
            {
                _time.Advance(TimeSpan.FromMilliseconds(ms - _ms));
                _ms = ms;
            }
        }
    }
}
