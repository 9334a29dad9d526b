using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Simulation;

/// <summary>
/// The receiving endpoint's congestion-control side: records the transport-wide sequence number and arrival time
/// (on its own clock, offset from the simulation's by <see cref="ClockOffsetUs"/>) of each packet that gets through,
/// and writes transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) with the bridge's
/// <see cref="TransportFeedbackBuilder"/>: each feedback starts right after the last sequence number reported, so
/// packets lost at a boundary are reported lost too, and covers at most 256 sequence numbers.
/// </summary>
internal sealed class SimulatedReceiver(uint ssrc)
{
    public const long ClockOffsetUs = 987_654_321;
    private const int MaxPerFeedback = 256;

    private readonly List<PacketArrival> _arrivals = [];
    private int _nextToReport = -1;
    private byte _feedbackCount;

    public long PacketsReceived { get; private set; }

    public void OnPacket(ushort transportSequence, long arrivalUs)
    {
        PacketsReceived++;
        _arrivals.Add(new PacketArrival(transportSequence, arrivalUs + ClockOffsetUs));
    }

    /// <summary>Feedback packets for everything that arrived since the last call (none when nothing did).</summary>
    public List<byte[]> TakeFeedback()
    {
        var packets = new List<byte[]>();
        var start = 0;
        while (start < _arrivals.Count)
        {
            var first = _nextToReport < 0 ? _arrivals[start].SequenceNumber : (ushort)_nextToReport;
            var take = 0;
            while (start + take < _arrivals.Count && (ushort)(_arrivals[start + take].SequenceNumber - first) < MaxPerFeedback)
            {
                take++;
            }
            if (take == 0)
            {
                // A gap longer than one feedback: the lost run goes unreported; start again at the next arrival.
                _nextToReport = _arrivals[start].SequenceNumber;
                continue;
            }
            var arrivals = _arrivals.GetRange(start, take).ToArray();
            var lost = (ushort)(arrivals[0].SequenceNumber - first);
            var entries = new TransportFeedbackEntry[lost + (ushort)(arrivals[^1].SequenceNumber - arrivals[0].SequenceNumber) + 1];
            for (var i = 0; i < lost; i++)
            {
                entries[i] = new TransportFeedbackEntry((ushort)(first + i), false, 0);
            }
            Assert.True(TransportFeedbackBuilder.TryGetEntries(arrivals, entries.AsSpan(lost), out var referenceTime, out var count));
            var packet = new byte[TransportFeedbackBuilder.GetLength(entries.AsSpan(0, lost + count))];
            Assert.True(TransportFeedbackBuilder.TryWrite(packet, ssrc, 0, referenceTime, _feedbackCount++, entries.AsSpan(0, lost + count), out _));
            packets.Add(packet);
            _nextToReport = (ushort)(arrivals[^1].SequenceNumber + 1);
            start += take;
        }
        _arrivals.Clear();
        return packets;
    }
}
