using System.Buffers.Binary;
using System.Diagnostics;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// One simulated participant on a generator Worker: its transport (real ICE, DTLS, SRTP over UDP), the streams it
/// sends (audio, and one or three VP8 encodings — <see cref="Vp8Encoding"/> — frame by frame, paced from
/// <see cref="Stopwatch"/> time, with a key frame whenever a PLI or FIR asks for one) and what it checks on every
/// packet that comes back (sender stream, sequence, latency from the embedded send time; filler on a sample; frames
/// and key frames). Streams are numbered globally: endpoint <c>g</c> sends stream <c>4g</c> (audio) and
/// <c>4g+1+e</c> (encoding e); a receiver tracks the streams of its own room. Owned by its Worker thread, except
/// <see cref="IsConnected"/>/<see cref="HasFailed"/>.
/// </summary>
internal sealed class SimulatedEndpoint : IMediaReceiver
{
    public const int StreamsPerEndpoint = 4;

    // A sender that fell this far behind (a stalled thread) skips ahead instead of bursting.
    private static readonly long MaxCatchUpTicks = Stopwatch.Frequency / 10;

    private readonly MediaProfile _profile;
    private readonly ReceiveStats _stats;
    private readonly StreamTracker[] _trackers;
    private readonly Vp8Encoding[] _encodings;
    private readonly int _firstStreamOfRoom;
    private long _nextAudio;
    private long _nextFrame;
    private long _start;
    private ushort _audioRtpSequence;
    private uint _audioSequence;
    private uint _audioTimestamp;
    private long _received;
    private volatile bool _connected;
    private volatile bool _failed;

    public SimulatedEndpoint(string id, int globalIndex, int firstEndpointOfRoom, int roomSize, MediaProfile profile, ReceiveStats stats,
        bool sends = true)
    {
        Id = id;
        Sends = sends;
        GlobalIndex = globalIndex;
        _profile = profile;
        _stats = stats;
        _firstStreamOfRoom = firstEndpointOfRoom * StreamsPerEndpoint;
        _trackers = new StreamTracker[roomSize * StreamsPerEndpoint];
        // Distinct, non-zero and recognisable in captures: 0x4C47 ("LG") in the high half; 8 SSRCs per endpoint.
        var ssrcBase = 0x4C47_0000u | (uint)(globalIndex * 8);
        AudioSsrc = ssrcBase + 1;
        _encodings = [.. profile.VideoEncodings.Select((e, i) =>
            new Vp8Encoding(ssrcBase + 2 + (uint)i, ssrcBase + 5 + (uint)i, e.Bitrate, e.Width, e.Height, (globalIndex * StreamsPerEndpoint) + 1 + i))];
    }

    public string Id { get; }

    /// <summary>False for a receive-only endpoint (a listener in a broadcast, or the subscriber side of an SFU that
    /// takes each direction on its own peer connection).</summary>
    public bool Sends { get; }

    public int GlobalIndex { get; }

    public uint AudioSsrc { get; }

    /// <summary>The video encodings' SSRCs, in the SIM group's order.</summary>
    public IReadOnlyList<uint> VideoSsrcs => [.. _encodings.Select(e => e.Ssrc)];

    /// <summary>The RTX SSRC paired (FID) with each video SSRC; signalled, never sent.</summary>
    public IReadOnlyList<uint> RtxSsrcs => [.. _encodings.Select(e => e.RtxSsrc)];

    public EndpointTransport? Transport { get; private set; }

    public bool IsConnected => _connected;

    public bool HasFailed => _failed;

    /// <summary>Milliseconds from the start of sending (or, for a receive-only endpoint, from the first
    /// <see cref="StartSending"/> call) to the first packet of ours received; 0 before that.</summary>
    public double FirstMediaMs { get; private set; }

    public void Attach(EndpointTransport transport)
    {
        Transport = transport;
        transport.StateChanged += t =>
        {
            _connected = t.State == TransportState.Connected;
            _failed |= t.State == TransportState.Failed;
        };
    }

    /// <summary>Starts both streams at <paramref name="now"/> unless they run already, video offset by half an audio interval so that the
    /// endpoints of one Worker do not all send in the same instant.</summary>
    public void StartSending(long now)
    {
        if (_start != 0)
        {
            return;
        }
        _start = now;
        if (!Sends)
        {
            return;
        }
        var spread = (GlobalIndex % 16) * (_profile.AudioIntervalTicks / 16);
        _nextAudio = now + spread;
        _nextFrame = now + spread + (_profile.AudioIntervalTicks / 2);
    }

    /// <summary>Sends whatever is due at <paramref name="now"/>; <paramref name="scratch"/> needs room for the SRTP tag.</summary>
    public void SendDue(long now, Span<byte> scratch)
    {
        if (Transport is not { } transport || !_connected || _start == 0 || !Sends)
        {
            return;
        }
        if (now - _nextAudio > MaxCatchUpTicks)
        {
            _nextAudio = now;
        }
        while (_nextAudio <= now)
        {
            _audioTimestamp += 960;
            WriteHeader(scratch, MediaProfile.AudioPayloadType, AudioSsrc, _audioRtpSequence++, _audioTimestamp, marker: false);
            MediaProbe.Write(scratch[RtpPacket.FixedHeaderLength.._profile.AudioPacketBytes], GlobalIndex * StreamsPerEndpoint, _audioSequence++,
                Stopwatch.GetTimestamp());
            Send(transport, scratch, _profile.AudioPacketBytes);
            _nextAudio += _profile.AudioIntervalTicks;
        }
        if (_encodings.Length == 0)
        {
            return;
        }
        if (now - _nextFrame > MaxCatchUpTicks)
        {
            _nextFrame = now;
        }
        while (_nextFrame <= now)
        {
            var timestamp = (uint)((_nextFrame - _start) * 90_000 / Stopwatch.Frequency);
            foreach (var encoding in _encodings)
            {
                SendFrame(transport, scratch, encoding, timestamp);
            }
            _nextFrame += _profile.FrameIntervalTicks;
        }
    }

    /// <summary>One frame of <paramref name="encoding"/> as a burst of packets of about equal size, the marker on the last.</summary>
    private void SendFrame(EndpointTransport transport, Span<byte> scratch, Vp8Encoding encoding, uint timestamp)
    {
        var key = encoding.StartFrame();
        var frameBytes = _profile.FrameBytes(encoding.BitrateBps);
        var packets = _profile.PacketsPerFrame(encoding.BitrateBps);
        var payloadBytes = Math.Max(frameBytes / packets, Vp8Encoding.DescriptorLength + Vp8Encoding.MaxHeaderLength + MediaProbe.TrailerLength + 8);
        for (var i = 0; i < packets; i++)
        {
            var length = RtpPacket.FixedHeaderLength + payloadBytes;
            WriteHeader(scratch, MediaProfile.VideoPayloadType, encoding.Ssrc, encoding.RtpSequence++, timestamp, marker: i == packets - 1);
            var payload = scratch[RtpPacket.FixedHeaderLength..length];
            // Filler and trailer first, then the descriptor and VP8 header over the filler's first bytes.
            MediaProbe.Write(payload[Vp8Encoding.DescriptorLength..], encoding.Stream, encoding.ProbeSequence++, Stopwatch.GetTimestamp());
            encoding.WriteHeaders(payload, firstOfFrame: i == 0, key, frameBytes);
            Send(transport, scratch, length);
        }
    }

    public void OnRtp(EndpointTransport transport, Span<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out var rtp) || !MediaProbe.TryRead(rtp.Payload, out var stream, out var sequence, out var sent))
        {
            _stats.NotOurs++;
            return;
        }
        var local = stream - _firstStreamOfRoom;
        if ((uint)local >= (uint)_trackers.Length)
        {
            _stats.NotOurs++;
            return;
        }
        _stats.RtpReceived++;
        _stats.BytesReceived += packet.Length;
        if (FirstMediaMs == 0 && _start != 0)
        {
            FirstMediaMs = Math.Max(1e-3, (Stopwatch.GetTimestamp() - _start) * 1000.0 / Stopwatch.Frequency);
        }
        if (stream % StreamsPerEndpoint != 0)
        {
            _stats.FramesReceived += rtp.Marker ? 1 : 0;
            _stats.KeyFramesReceived += Vp8Encoding.IsKeyFrameStart(rtp.Payload) ? 1 : 0;
        }
        _trackers[local].OnPacket(sequence);
        _stats.Latency.Record((Stopwatch.GetTimestamp() - sent) * 1_000_000 / Stopwatch.Frequency);
        if (++_received % _profile.PayloadCheckEvery == 0)
        {
            _stats.PayloadChecked++;
            // A VP8 descriptor is at most 6 bytes (RFC 7741 §4.2), the VP8 header behind it at most 10; the rest is filler.
            if (!MediaProbe.FillerMatches(rtp.Payload, sequence, rtp.Payload.Length - MediaProbe.TrailerLength - Vp8Encoding.DescriptorLength - Vp8Encoding.MaxHeaderLength))
            {
                _stats.PayloadMismatches++;
            }
        }
    }

    /// <summary>RTCP from the server: a PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) for one of our encodings makes
    /// its next frame a key frame; everything else is only counted.</summary>
    public void OnRtcp(EndpointTransport transport, Span<byte> packet)
    {
        _stats.RtcpReceived++;
        var compound = new RtcpCompound(packet);
        while (compound.TryReadNext(out _, out var rtcp))
        {
            if (PictureLossIndication.TryParse(rtcp, out var pli))
            {
                RequestKeyFrame(pli.MediaSsrc);
            }
            else if (FullIntraRequest.TryParse(rtcp, out var fir))
            {
                for (var i = 0; i < fir.Count; i++)
                {
                    RequestKeyFrame(fir.GetSsrc(i));
                }
            }
        }
    }

    private void RequestKeyFrame(uint ssrc)
    {
        foreach (var encoding in _encodings)
        {
            if (encoding.Ssrc == ssrc)
            {
                encoding.KeyFrameRequested = true;
                _stats.KeyFrameRequests++;
            }
        }
    }

    public void ResetTrackers() => Array.Clear(_trackers);

    /// <summary>Adds this receiver's loss and reordering over its room's streams (not its own).</summary>
    public void AddLoss(ref long expected, ref long lost, ref long reordered)
    {
        foreach (var tracker in _trackers)
        {
            expected += tracker.Expected;
            lost += tracker.Lost;
            reordered += tracker.Reordered;
        }
    }

    private static void WriteHeader(Span<byte> scratch, byte payloadType, uint ssrc, ushort rtpSequence, uint timestamp, bool marker)
    {
        scratch[0] = 0x80;
        scratch[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(scratch[2..], rtpSequence);
        BinaryPrimitives.WriteUInt32BigEndian(scratch[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(scratch[8..], ssrc);
    }

    private void Send(EndpointTransport transport, Span<byte> scratch, int length)
    {
        if (transport.TrySendRtp(scratch, length))
        {
            _stats.RtpSent++;
            _stats.BytesSent += length;
        }
        else
        {
            _stats.SendFailures++;
        }
    }
}
