namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// One endpoint's audio levels for the dominant-speaker model (<see cref="DominantSpeaker"/>): the last second of
/// loudness samples (127 − RFC 6464 level, one per audio packet, i.e. per 20 ms frame), its adaptive noise floor and
/// its three speech-activity scores. <see cref="OnLevel"/> runs per packet and only stores (no allocation, no
/// floating point but a rare square root); <see cref="Score"/> runs on the decision timer. Owned by the Worker thread.
/// </summary>
/// <remarks>
/// After the local processing of Volfin &amp; Cohen, "Dominant Speaker Identification for Multipoint
/// Videoconferencing" (Computer Speech and Language, 2013): three time scales built on top of each other. The immediate value of a frame is its loudness quantised into
/// <see cref="SubBands"/> bands (the paper counts active frequency sub-bands of a frame; only the level is known
/// here), with everything within one band of the noise floor counted as 0. A medium value counts the frames of a
/// block of <see cref="FramesPerMedium"/> whose immediate exceeds <see cref="ImmediateThreshold"/> (about a word);
/// the long value counts the medium blocks, of the last <see cref="MediumsPerLong"/>, that exceed
/// <see cref="MediumThreshold"/> (about a sentence). Each newest value is scored as the log-likelihood ratio of
/// speech (binomial) against non-speech (exponential); see <see cref="ActivityScore"/>.
/// </remarks>
internal sealed class SpeechActivity
{
    /// <summary>Quantisation bands of the immediate scale (N1) and their width in loudness units.</summary>
    public const int SubBands = 13;
    public const int SubBandWidth = 10;

    /// <summary>Frames per medium block (N2) and medium blocks per long window (N3).</summary>
    public const int FramesPerMedium = 5;
    public const int MediumsPerLong = 10;

    /// <summary>Thresholds that make a frame count in its medium block, and a medium block in the long window.</summary>
    public const int ImmediateThreshold = 7;
    public const int MediumThreshold = 4;

    /// <summary>Samples kept: one long window.</summary>
    public const int WindowFrames = FramesPerMedium * MediumsPerLong;

    /// <summary>Non-zero samples after which the noise floor may rise (about 15 s of 20 ms frames).</summary>
    public const int NoiseFloorWindow = 750;

    /// <summary>The lowest score (a log-likelihood ratio at or below zero means "no speech"), so ratios stay finite.</summary>
    public const double MinScore = 1e-10;

    // Per time scale (immediate, medium, long): the number of trials and the exponential non-speech parameter.
    private static readonly (int Trials, double Lambda)[] Scales = [(SubBands, 0.78), (FramesPerMedium, 24), (MediumsPerLong, 47)];

    private readonly byte[] _samples = new byte[WindowFrames];
    private int _next;
    private long _lastSampleTicks;
    private bool _started;
    private int _noiseFloor;
    private int _windowMin = int.MaxValue;
    private int _windowCount;

    /// <summary>The adaptive noise floor in loudness units (0 until the first non-silent sample).</summary>
    public int NoiseFloor => _noiseFloor;

    /// <summary>The three scores of the last <see cref="Score"/>: immediate, medium, long.</summary>
    public double Immediate { get; private set; } = MinScore;

    public double Medium { get; private set; } = MinScore;

    public double Long { get; private set; } = MinScore;

    /// <summary>When the last sample above the speech threshold arrived (a <see cref="TimeProvider"/> timestamp; 0 = never).</summary>
    public long LastSpeechTicks { get; private set; }

    /// <summary>One audio packet's loudness (127 − RFC 6464 level) at <paramref name="now"/>. True when it is
    /// speech: clear of the noise floor by a band and above the immediate threshold. Per packet; allocates nothing.</summary>
    public bool OnLevel(int loudness, long now)
    {
        loudness = Math.Clamp(loudness, 0, 127);
        Append((byte)loudness);
        _lastSampleTicks = now;
        _started = true;
        UpdateNoiseFloor(loudness);
        var speech = Quantise(loudness) > ImmediateThreshold;
        if (speech)
        {
            LastSpeechTicks = now;
        }
        return speech;
    }

    /// <summary>Recomputes the three scores at <paramref name="now"/>; frames without a packet for two frame times
    /// count as silence (an endpoint that stops sending decays out within a second). Decision timer only.</summary>
    public void Score(long now, long frameTicks)
    {
        if (_started)
        {
            var missing = (now - _lastSampleTicks) / frameTicks - 1;
            if (missing >= WindowFrames)
            {
                Array.Clear(_samples);
                _lastSampleTicks = now - frameTicks;
            }
            else
            {
                for (; missing > 0; missing--)
                {
                    Append(0);
                    _lastSampleTicks += frameTicks;
                }
            }
        }
        var newestImmediate = Quantise(_samples[(_next + WindowFrames - 1) % WindowFrames]);
        var newestMedium = 0;
        var longValue = 0;
        for (var block = 0; block < MediumsPerLong; block++)
        {
            var medium = 0;
            for (var frame = 0; frame < FramesPerMedium; frame++)
            {
                // Oldest first; the last block holds the newest frames.
                if (Quantise(_samples[(_next + (block * FramesPerMedium) + frame) % WindowFrames]) > ImmediateThreshold)
                {
                    medium++;
                }
            }
            if (medium > MediumThreshold)
            {
                longValue++;
            }
            newestMedium = medium;
        }
        Immediate = ActivityScore(newestImmediate, Scales[0].Trials, Scales[0].Lambda);
        Medium = ActivityScore(newestMedium, Scales[1].Trials, Scales[1].Lambda);
        Long = ActivityScore(longValue, Scales[2].Trials, Scales[2].Lambda);
    }

    /// <summary>
    /// The speech-activity score of <paramref name="active"/> positive trials out of <paramref name="trials"/>:
    /// ln of the binomial speech likelihood (p = ½) over the exponential non-speech likelihood λ·e^(−λ·k)
    /// (Volfin &amp; Cohen, the speech-activity score of each time interval), at least <see cref="MinScore"/>.
    /// </summary>
    public static double ActivityScore(int active, int trials, double lambda)
    {
        const double p = 0.5;
        var score = LogBinomial(trials, active) + (active * Math.Log(p)) + ((trials - active) * Math.Log(1 - p))
            - Math.Log(lambda) + (lambda * active);
        return Math.Max(MinScore, score);
    }

    /// <summary>The immediate value of a sample: its band, or 0 within a band of the noise floor.</summary>
    public int Quantise(int loudness) =>
        loudness == 0 || loudness < _noiseFloor + SubBandWidth ? 0 : Math.Min(SubBands, loudness / SubBandWidth);

    private static double LogBinomial(int n, int k)
    {
        var value = 0.0;
        for (var i = 1; i <= k; i++)
        {
            value += Math.Log(n - k + i) - Math.Log(i);
        }
        return value;
    }

    private void Append(byte loudness)
    {
        _samples[_next] = loudness;
        _next = (_next + 1) % WindowFrames;
    }

    /// <summary>The floor is the lowest non-silent loudness seen; once per <see cref="NoiseFloorWindow"/> samples it
    /// moves up to the geometric mean of itself and that window's minimum, so a noisier room is learnt in time.</summary>
    private void UpdateNoiseFloor(int loudness)
    {
        if (loudness == 0)
        {
            return;
        }
        if (_noiseFloor == 0 || loudness < _noiseFloor)
        {
            _noiseFloor = loudness;
        }
        _windowMin = Math.Min(_windowMin, loudness);
        if (++_windowCount < NoiseFloorWindow)
        {
            return;
        }
        if (_windowMin > _noiseFloor)
        {
            _noiseFloor = (int)Math.Sqrt((double)_noiseFloor * _windowMin);
        }
        _windowMin = int.MaxValue;
        _windowCount = 0;
    }
}
