namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// An endpoint's RTX payload types (RFC 4588 §8.6: <c>a=fmtp:&lt;rtx&gt; apt=&lt;original&gt;</c>, from its colibri2
/// <c>media</c>), both ways: which original payload type an RTX packet it sends carries, and which RTX payload type
/// to retransmit an original payload type with toward it. Two 128-entry tables; written by posted work and read on
/// the Worker thread.
/// </summary>
internal sealed class RtxPayloadTypes
{
    private const byte None = 0xFF;
    private readonly byte[] _originalOf = new byte[128];
    private readonly byte[] _rtxFor = new byte[128];

    public RtxPayloadTypes()
    {
        Array.Fill(_originalOf, None);
        Array.Fill(_rtxFor, None);
    }

    public void Add(int rtxPayloadType, int originalPayloadType)
    {
        if (rtxPayloadType is >= 0 and < 128 && originalPayloadType is >= 0 and < 128)
        {
            _originalOf[rtxPayloadType] = (byte)originalPayloadType;
            _rtxFor[originalPayloadType] = (byte)rtxPayloadType;
        }
    }

    /// <summary>The original payload type an RTX payload type carries (its apt).</summary>
    public bool TryGetOriginal(byte rtxPayloadType, out byte originalPayloadType)
    {
        originalPayloadType = rtxPayloadType < 128 ? _originalOf[rtxPayloadType] : None;
        return originalPayloadType != None;
    }

    /// <summary>The RTX payload type negotiated for <paramref name="originalPayloadType"/>.</summary>
    public bool TryGetRtx(byte originalPayloadType, out byte rtxPayloadType)
    {
        rtxPayloadType = originalPayloadType < 128 ? _rtxFor[originalPayloadType] : None;
        return rtxPayloadType != None;
    }
}
