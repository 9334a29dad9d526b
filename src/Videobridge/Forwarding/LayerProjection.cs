namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// One receiver's view of one sender's video source (PROTOCOL.md §6.3): the receiver knows only the source's first
/// SIM SSRC, so whichever encoding the bridge forwards is projected onto it as one continuous stream. The
/// <see cref="BitrateAllocator"/> sets a target encoding and temporal layer; the projection keeps forwarding the
/// current encoding until a key frame of the target arrives and switches there (the first packet after a switch is
/// always the start of a key frame). Sequence numbers, timestamps, VP8 picture ids and TL0PICIDX are renumbered so the
/// receiver sees no jump or reordering across switches and no hole where the bridge dropped a temporal layer or
/// padding, while real losses stay holes (<see cref="Renumbering"/>). On a switch the timestamp continues one frame
/// interval (or the time that passed, if longer) after the last one sent. It also keeps, per rewritten sequence
/// number, which original packet was sent (a 512-entry ring, about a second of video) so a receiver's NACK can be
/// answered from the conference's <see cref="RetransmissionCache"/>, and the key-frame request limits of this
/// (receiver, source) pair (§6.4: one per 200 ms, three per 10 s). Preallocated; nothing allocates per packet. Owned
/// by the Worker thread.
/// </summary>
internal sealed class LayerProjection
{
    public const int SentHistory = 512;
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan KeyframeRequestWindow = TimeSpan.FromSeconds(10);
    public const int KeyframeRequestsPerWindow = 3;

    /// <summary>One frame at 30 frames per second in the 90 kHz video clock.</summary>
    private const uint FrameInterval = 3000;

    private readonly Renumbering _sequence = new(16, 256, repeats: false);
    private readonly Renumbering _pictureId = new(15, 64, repeats: true);
    private readonly Renumbering _shortPictureId = new(7, 32, repeats: true);
    private readonly Renumbering _tl0PicIdx = new(8, 16, repeats: true);
    private readonly long _timestampFrequency;
    private readonly Sent[] _sent = new Sent[SentHistory];
    private readonly long[] _keyframeRequests = new long[KeyframeRequestsPerWindow];
    private uint _timestampOffset;
    private uint _lastTimestamp;
    private long _lastSent;
    private bool _hasSent;

    public LayerProjection(uint primarySsrc, long timestampFrequency)
    {
        PrimarySsrc = primarySsrc;
        _timestampFrequency = timestampFrequency;
        Array.Fill(_keyframeRequests, long.MinValue / 2);
    }

    /// <summary>The SSRC the receiver knows: the source's first SIM SSRC.</summary>
    public uint PrimarySsrc { get; }

    /// <summary>The encoding (0 = lowest) and temporal layer the allocator chose, −1 = not forwarded.</summary>
    public int TargetEncoding { get; private set; } = -1;

    public int TargetTemporalLayer { get; private set; } = -1;

    /// <summary>The encoding being forwarded (−1 until the first key frame), and its temporal layer.</summary>
    public int CurrentEncoding { get; private set; } = -1;

    public int CurrentTemporalLayer { get; private set; }

    /// <summary>What is added to the current encoding's RTP timestamps (for its sender reports too).</summary>
    public uint TimestampOffset => _timestampOffset;

    /// <summary>Encoding switches done (the first start included).</summary>
    public int Switches { get; private set; }

    /// <summary>Whether a key frame of the target encoding is awaited.</summary>
    public bool WantsKeyframe => TargetEncoding >= 0 && CurrentEncoding != TargetEncoding;

    /// <summary>Sets what the allocator chose. Coming back from not forwarded waits for a key frame.</summary>
    public void SetTarget(int encoding, int temporalLayer)
    {
        if (encoding < 0)
        {
            CurrentEncoding = -1;
        }
        TargetEncoding = encoding;
        TargetTemporalLayer = encoding < 0 ? -1 : temporalLayer;
    }

    /// <summary>What the receiver gets for a packet of <paramref name="encoding"/>, or false when it gets nothing:
    /// not the current encoding and not a key frame of the target, a temporal layer above the current one, padding,
    /// or too late. <paramref name="now"/> is a <see cref="TimeProvider"/> timestamp.</summary>
    public bool TryProject(int encoding, ushort sequenceNumber, uint timestamp, in VideoPacketInfo info, long now, out ProjectedHeader header)
    {
        header = default;
        if (TargetEncoding < 0)
        {
            return false;
        }
        if (encoding != CurrentEncoding)
        {
            var canStart = info.IsKeyFrameStart || (CurrentEncoding < 0 && info.Codec is not (VideoCodec.Vp8 or VideoCodec.H264) && !info.IsPadding);
            if (encoding != TargetEncoding || !canStart)
            {
                return false;
            }
            SwitchTo(encoding, sequenceNumber, timestamp, info, now);
        }
        if (info.IsFrameStart)
        {
            // Down at any frame; up only where the frame does not depend on a dropped layer (TL0, or layer sync).
            if (TargetTemporalLayer < CurrentTemporalLayer || info.TemporalLayer == 0)
            {
                CurrentTemporalLayer = TargetTemporalLayer;
            }
            else if (info.LayerSync && info.TemporalLayer <= TargetTemporalLayer)
            {
                CurrentTemporalLayer = Math.Max(CurrentTemporalLayer, info.TemporalLayer);
            }
        }
        var keep = !info.IsPadding && info.TemporalLayer <= CurrentTemporalLayer;
        var pictureId = -1;
        if (info.PictureId >= 0 && !PictureIds(info).TryMap(info.PictureId, keep, out pictureId) && keep)
        {
            return false;
        }
        if (!_sequence.TryMap(sequenceNumber, keep, out var outSequence))
        {
            return false;
        }
        var tl0PicIdx = -1;
        if (info.Tl0PicIdx >= 0 && !_tl0PicIdx.TryMap(info.Tl0PicIdx, true, out tl0PicIdx))
        {
            tl0PicIdx = -1;
        }
        var outTimestamp = timestamp + _timestampOffset;
        if (!_hasSent || Rtp.RtpSequence.IsNewerTimestamp(outTimestamp, _lastTimestamp))
        {
            _lastTimestamp = outTimestamp;
        }
        _hasSent = true;
        _lastSent = now;
        header = new ProjectedHeader((ushort)outSequence, outTimestamp, pictureId, tl0PicIdx);
        Remember(header, encoding, sequenceNumber);
        return true;
    }

    /// <summary>The original packet a receiver's NACKed (rewritten) sequence number stands for, with the header
    /// values it was sent with.</summary>
    public bool TryGetSent(ushort sequenceNumber, out int encoding, out ushort originalSequenceNumber, out uint timestampOffset, out ProjectedHeader header)
    {
        ref readonly var sent = ref _sent[sequenceNumber % SentHistory];
        encoding = sent.Encoding;
        originalSequenceNumber = sent.Original;
        timestampOffset = sent.TimestampOffset;
        header = new ProjectedHeader(sequenceNumber, 0, sent.PictureId, sent.Tl0PicIdx);
        return sent.Valid && sent.SequenceNumber == sequenceNumber;
    }

    /// <summary>True (and recorded) if a key frame may be asked for this (receiver, source) now (§6.4: one per
    /// 200 ms and three per 10 s). <paramref name="now"/> is a <see cref="TimeProvider"/> timestamp.</summary>
    public bool AllowKeyframeRequest(long now)
    {
        var oldest = 0;
        for (var i = 0; i < _keyframeRequests.Length; i++)
        {
            if (now - _keyframeRequests[i] < Ticks(KeyframeRequestInterval))
            {
                return false;
            }
            if (_keyframeRequests[i] < _keyframeRequests[oldest])
            {
                oldest = i;
            }
        }
        if (now - _keyframeRequests[oldest] < Ticks(KeyframeRequestWindow))
        {
            return false;
        }
        _keyframeRequests[oldest] = now;
        return true;
    }

    private void SwitchTo(int encoding, ushort sequenceNumber, uint timestamp, in VideoPacketInfo info, long now)
    {
        if (!_hasSent)
        {
            // The first stream the receiver sees keeps the sender's numbering.
            _sequence.Restart(sequenceNumber);
            _timestampOffset = 0;
            _pictureId.Restart(info.PictureId);
            _shortPictureId.Restart(info.PictureId);
            _tl0PicIdx.Restart(info.Tl0PicIdx);
        }
        else
        {
            _sequence.Restart(_sequence.HighestOutput + 1);
            var elapsed = (now - _lastSent) * 90_000 / _timestampFrequency;
            var step = (uint)Math.Clamp(elapsed, FrameInterval, int.MaxValue);
            _timestampOffset = _lastTimestamp + step - timestamp;
            _pictureId.Restart(_pictureId.HasOutput ? _pictureId.HighestOutput + 1 : info.PictureId);
            _shortPictureId.Restart(_shortPictureId.HasOutput ? _shortPictureId.HighestOutput + 1 : info.PictureId);
            _tl0PicIdx.Restart(_tl0PicIdx.HasOutput ? _tl0PicIdx.HighestOutput + 1 : info.Tl0PicIdx);
        }
        CurrentEncoding = encoding;
        CurrentTemporalLayer = TargetTemporalLayer;
        Switches++;
    }

    /// <summary>Picture ids keep their width (RFC 7741 §4.2: 7 or 15 bits), each renumbered in its own space.</summary>
    private Renumbering PictureIds(in VideoPacketInfo info) => info.LongPictureId ? _pictureId : _shortPictureId;

    private void Remember(in ProjectedHeader header, int encoding, ushort originalSequenceNumber) =>
        _sent[header.SequenceNumber % SentHistory] = new Sent
        {
            SequenceNumber = header.SequenceNumber,
            Encoding = (byte)encoding,
            Original = originalSequenceNumber,
            TimestampOffset = _timestampOffset,
            PictureId = header.PictureId,
            Tl0PicIdx = (short)header.Tl0PicIdx,
            Valid = true,
        };

    /// <summary>What went out under one rewritten sequence number.</summary>
    private struct Sent
    {
        public uint TimestampOffset;
        public int PictureId;
        public ushort SequenceNumber;
        public ushort Original;
        public short Tl0PicIdx;
        public byte Encoding;
        public bool Valid;
    }

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * _timestampFrequency);
}
