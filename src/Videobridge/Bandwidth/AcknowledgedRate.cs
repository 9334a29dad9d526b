namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// The rate at which a receiver got the bridge's packets (R_hat of draft-ietf-rmcat-gcc-02 §5.5): bytes reported
/// received over the last <see cref="WindowUs"/> of arrival time (longer at low rates, <see cref="MinPackets"/>).
/// A ring of (arrival, size); when it overflows, the
/// oldest entries leave early (the window then covers less time but the rate stays bytes/time of what it holds).
/// Allocates nothing.
/// </summary>
internal sealed class AcknowledgedRate
{
    public const long WindowUs = 500_000;

    /// <summary>At low rates the window stretches (up to <see cref="MaxWindowUs"/>) to hold this many packets, so
    /// that one packet more or less does not move the rate by several percent.</summary>
    public const int MinPackets = 50;

    public const long MaxWindowUs = 1_500_000;
    private const int Capacity = 4096;

    private readonly long[] _arrivalUs = new long[Capacity];
    private readonly int[] _size = new int[Capacity];
    private int _head;
    private int _count;
    private long _bytes;
    private long _latestUs = long.MinValue;

    public void OnPacket(long arrivalUs, int size)
    {
        if (_count == Capacity)
        {
            RemoveOldest();
        }
        var slot = (_head + _count) % Capacity;
        _arrivalUs[slot] = arrivalUs;
        _size[slot] = size;
        _count++;
        _bytes += size;
        _latestUs = Math.Max(_latestUs, arrivalUs);
        while (_count > 0 && _latestUs - _arrivalUs[_head] > WindowUs && (_count > MinPackets || _latestUs - _arrivalUs[_head] > MaxWindowUs))
        {
            RemoveOldest();
        }
    }

    /// <summary>Bits per second over the window; 0 until it spans at least a fifth of it.</summary>
    public double Bps
    {
        get
        {
            if (_count < 2)
            {
                return 0;
            }
            var spanUs = Math.Max(_latestUs - _arrivalUs[_head], WindowUs / 5);
            return (_bytes - _size[_head]) * 8e6 / spanUs;
        }
    }

    private void RemoveOldest()
    {
        _bytes -= _size[_head];
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
