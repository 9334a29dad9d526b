using System.Buffers.Binary;
using System.Diagnostics;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// One simulated participant on a generator Worker: its transport (real ICE, DTLS, SRTP over UDP), the two streams
/// it sends (audio and one VP8 encoding, paced from <see cref="Stopwatch"/> time) and what it checks on every packet
/// that comes back (sender stream, sequence, latency from the embedded send time; filler on a sample). Streams are
/// numbered globally: endpoint <c>g</c> sends stream <c>2g</c> (audio) and <c>2g+1</c> (video); a receiver tracks
/// the streams of its own room. Owned by its Worker thread, except <see cref="IsConnected"/>/<see cref="HasFailed"/>.
/// </summary>
internal sealed class SimulatedEndpoint : IMediaReceiver
{
    // A sender that fell this far behind (a stalled thread) skips ahead instead of bursting.
    private static readonly long MaxCatchUpTicks = Stopwatch.Frequency / 10;

    private readonly MediaProfile _profile;
    private readonly ReceiveStats _stats;
    private readonly StreamTracker[] _trackers;
    private readonly int _firstStreamOfRoom;
    private long _nextAudio;
    private long _nextVideo;
    private long _start;
    private ushort _audioRtpSequence;
    private ushort _videoRtpSequence;
    private uint _audioSequence;
    private uint _videoSequence;
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
        _firstStreamOfRoom = firstEndpointOfRoom * 2;
        _trackers = new StreamTracker[roomSize * 2];
        // Distinct, non-zero and recognisable in captures: 0x4C47 ("LG") in the high half.
        AudioSsrc = 0x4C47_0000u | (uint)((globalIndex * 2) + 1);
        VideoSsrc = 0x4C47_0000u | (uint)((globalIndex * 2) + 2);
    }

    public string Id { get; }

    /// <summary>False for a receive-only endpoint (a listener in a broadcast, or the subscriber side of an SFU that
    /// takes each direction on its own peer connection).</summary>
    public bool Sends { get; }

    public int GlobalIndex { get; }

    public uint AudioSsrc { get; }

    public uint VideoSsrc { get; }

    public EndpointTransport? Transport { get; private set; }

    public bool IsConnected => _connected;

    public bool HasFailed => _failed;

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
        if (_start != 0 || !Sends)
        {
            return;
        }
        _start = now;
        var spread = (GlobalIndex % 16) * (_profile.AudioIntervalTicks / 16);
        _nextAudio = now + spread;
        _nextVideo = now + spread + (_profile.AudioIntervalTicks / 2);
    }

    /// <summary>Sends whatever is due at <paramref name="now"/>; <paramref name="scratch"/> needs room for the SRTP tag.</summary>
    public void SendDue(long now, Span<byte> scratch)
    {
        if (Transport is not { } transport || !_connected || _start == 0)
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
            Send(transport, scratch, MediaProfile.AudioPayloadType, AudioSsrc, _audioRtpSequence++, _audioTimestamp, _profile.AudioPacketBytes,
                GlobalIndex * 2, _audioSequence++, descriptorLength: 0);
            _nextAudio += _profile.AudioIntervalTicks;
        }
        if (_profile.VideoBitrateBps <= 0)
        {
            return;
        }
        if (now - _nextVideo > MaxCatchUpTicks)
        {
            _nextVideo = now;
        }
        while (_nextVideo <= now)
        {
            var timestamp = (uint)((now - _start) * 90_000 / Stopwatch.Frequency);
            Send(transport, scratch, MediaProfile.VideoPayloadType, VideoSsrc, _videoRtpSequence++, timestamp, _profile.VideoPacketBytes,
                (GlobalIndex * 2) + 1, _videoSequence++, descriptorLength: 1);
            _nextVideo += _profile.VideoIntervalTicks;
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
        _trackers[local].OnPacket(sequence);
        _stats.Latency.Record((Stopwatch.GetTimestamp() - sent) * 1_000_000 / Stopwatch.Frequency);
        if (++_received % _profile.PayloadCheckEvery == 0)
        {
            _stats.PayloadChecked++;
            // A VP8 descriptor is at most 6 bytes (RFC 7741 §4.2); everything behind it is filler.
            if (!MediaProbe.FillerMatches(rtp.Payload, sequence, rtp.Payload.Length - MediaProbe.TrailerLength - 6))
            {
                _stats.PayloadMismatches++;
            }
        }
    }

    public void OnRtcp(EndpointTransport transport, Span<byte> packet) => _stats.RtcpReceived++;

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

    private void Send(EndpointTransport transport, Span<byte> scratch, byte payloadType, uint ssrc, ushort rtpSequence, uint timestamp,
        int length, int stream, uint sequence, int descriptorLength)
    {
        scratch[0] = 0x80;
        scratch[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(scratch[2..], rtpSequence);
        BinaryPrimitives.WriteUInt32BigEndian(scratch[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(scratch[8..], ssrc);
        var payload = scratch[RtpPacket.FixedHeaderLength..length];
        if (descriptorLength > 0)
        {
            // VP8 payload descriptor (RFC 7741 §4.2): S=1, partition 0; no extensions.
            payload[0] = 0x10;
        }
        MediaProbe.Write(payload[descriptorLength..], stream, sequence, Stopwatch.GetTimestamp());
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
