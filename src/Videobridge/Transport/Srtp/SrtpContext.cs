using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>One direction of an SRTP session (RFC 3711 §3.2): the session keys derived from one master key
/// and salt, and per-SSRC index state. A send context protects, a receive context unprotects; both work in
/// place in the caller's buffer and allocate nothing per packet. Network input never throws: every failure
/// is a false return with an <see cref="SrtpError"/> to count. Owned by one Worker thread.</summary>
internal sealed class SrtpContext : IDisposable
{
    /// <summary>Enough for a large conference's forwarded sources with their RTX streams.</summary>
    public const int DefaultMaxSsrcCount = 512;

    private const uint MaxRtcpIndex = 0x7FFF_FFFF;
    private const int RtcpHeaderLength = 8;

    private readonly SrtpTransform _rtp;
    private readonly SrtpTransform _rtcp;
    private readonly SrtpStreamTable _streams;

    /// <summary>Derives the six session keys (RFC 3711 §4.3) from a master key and salt of the profile's lengths.</summary>
    public SrtpContext(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcCount = DefaultMaxSsrcCount)
    {
        if (!SrtpProfileParameters.TryGet(profile, out var parameters))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP protection profile");
        }
        if (masterKey.Length != parameters.KeyLength || masterSalt.Length != parameters.SaltLength)
        {
            throw new ArgumentException($"{profile} takes a {parameters.KeyLength}-byte key and a {parameters.SaltLength}-byte salt");
        }
        Profile = profile;
        _rtp = CreateTransform(parameters, masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, parameters.RtpTagLength);
        _rtcp = CreateTransform(parameters, masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, parameters.RtcpTagLength);
        _streams = new SrtpStreamTable(maxSsrcCount);
    }

    /// <summary>A context over given transforms, for session keys published without their master key (RFC 7714 §16).</summary>
    internal SrtpContext(SrtpProtectionProfile profile, SrtpTransform rtp, SrtpTransform rtcp, int maxSsrcCount = DefaultMaxSsrcCount)
    {
        Profile = profile;
        _rtp = rtp;
        _rtcp = rtcp;
        _streams = new SrtpStreamTable(maxSsrcCount);
    }

    public SrtpProtectionProfile Profile { get; }

    /// <summary>Bytes protection adds to an RTP packet (the tag).</summary>
    public int RtpOverhead => _rtp.TagLength;

    /// <summary>Bytes protection adds to an RTCP packet (E flag and index, and the tag).</summary>
    public int RtcpOverhead => 4 + _rtcp.TagLength;

    public int SsrcCount => _streams.Count;

    /// <summary>Encrypts the first <paramref name="length"/> bytes of <paramref name="buffer"/> in place and appends
    /// the tag; the buffer needs <see cref="RtpOverhead"/> bytes of room after the packet.</summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        protectedLength = 0;
        if (!SrtpRtpHeader.TryRead(buffer, length, out var headerLength, out var sequenceNumber, out var ssrc))
        {
            return Fail(length < SrtpRtpHeader.FixedLength ? SrtpError.TooShort : SrtpError.Malformed, out error);
        }
        if (buffer.Length - length < _rtp.TagLength)
        {
            return Fail(SrtpError.BufferTooSmall, out error);
        }
        var slot = FindOrAdd(ssrc);
        if (slot < 0)
        {
            return Fail(SrtpError.SsrcLimit, out error);
        }
        ref var stream = ref _streams[slot];
        error = stream.EstimateIndex(sequenceNumber, out var index);
        if (error != SrtpError.None)
        {
            return false;
        }
        _rtp.ProtectRtp(buffer, headerLength, length, ssrc, index);
        // The sender's ROC advances with the highest index it has sent (RFC 3711 §3.3.1).
        stream.Rtp.Accept(index);
        protectedLength = length + _rtp.TagLength;
        error = SrtpError.None;
        return true;
    }

    /// <summary>Checks and decrypts a received SRTP packet in place (RFC 3711 §3.3); the plain packet is its
    /// first <paramref name="plainLength"/> bytes.</summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength, out SrtpError error)
    {
        plainLength = 0;
        var length = packet.Length - _rtp.TagLength;
        if (length < SrtpRtpHeader.FixedLength)
        {
            return Fail(SrtpError.TooShort, out error);
        }
        if (!SrtpRtpHeader.TryRead(packet, length, out var headerLength, out var sequenceNumber, out var ssrc))
        {
            return Fail(SrtpError.Malformed, out error);
        }
        var slot = _streams.Find(ssrc);
        if (slot < 0 && _streams.Count >= _streams.MaxCount)
        {
            return Fail(SrtpError.SsrcLimit, out error);
        }
        var stream = slot >= 0 ? _streams[slot] : new SrtpStream(ssrc);
        error = stream.EstimateIndex(sequenceNumber, out var index);
        if (error == SrtpError.None)
        {
            error = stream.Rtp.Check(index);
        }
        if (error != SrtpError.None)
        {
            return false;
        }
        if (!_rtp.UnprotectRtp(packet, headerLength, length, ssrc, index))
        {
            return Fail(SrtpError.AuthenticationFailed, out error);
        }
        // Only an authenticated packet moves the ROC and the window, or enters the table (RFC 3711 §3.3.1).
        _streams[slot >= 0 ? slot : _streams.Add(ssrc)].Rtp.Accept(index);
        plainLength = length;
        return true;
    }

    /// <summary>Encrypts an RTCP compound packet in place and appends E flag, SRTCP index and tag (RFC 3711 §3.4);
    /// the buffer needs <see cref="RtcpOverhead"/> bytes of room after the packet.</summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        protectedLength = 0;
        if (length < RtcpHeaderLength || buffer.Length < length)
        {
            return Fail(SrtpError.TooShort, out error);
        }
        if ((buffer[0] >> 6) != 2)
        {
            return Fail(SrtpError.Malformed, out error);
        }
        if (buffer.Length - length < RtcpOverhead)
        {
            return Fail(SrtpError.BufferTooSmall, out error);
        }
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var slot = FindOrAdd(ssrc);
        if (slot < 0)
        {
            return Fail(SrtpError.SsrcLimit, out error);
        }
        ref var stream = ref _streams[slot];
        if (stream.NextRtcpIndex > MaxRtcpIndex)
        {
            return Fail(SrtpError.IndexExhausted, out error);
        }
        protectedLength = _rtcp.ProtectRtcp(buffer, length, ssrc, stream.NextRtcpIndex++);
        error = SrtpError.None;
        return true;
    }

    /// <summary>Checks and, when its E flag is set, decrypts a received SRTCP packet in place.</summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength, out SrtpError error)
    {
        plainLength = 0;
        if (packet.Length < RtcpHeaderLength + RtcpOverhead)
        {
            return Fail(SrtpError.TooShort, out error);
        }
        if ((packet[0] >> 6) != 2)
        {
            return Fail(SrtpError.Malformed, out error);
        }
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet[_rtcp.RtcpIndexOffset(packet.Length)..]);
        var index = indexWord & MaxRtcpIndex;
        var slot = _streams.Find(ssrc);
        if (slot < 0 && _streams.Count >= _streams.MaxCount)
        {
            return Fail(SrtpError.SsrcLimit, out error);
        }
        error = slot >= 0 ? _streams[slot].Rtcp.Check(index) : SrtpError.None;
        if (error != SrtpError.None)
        {
            return false;
        }
        if (!_rtcp.UnprotectRtcp(packet, packet.Length, ssrc, indexWord, out plainLength))
        {
            plainLength = 0;
            return Fail(SrtpError.AuthenticationFailed, out error);
        }
        _streams[slot >= 0 ? slot : _streams.Add(ssrc)].Rtcp.Accept(index);
        return true;
    }

    /// <summary>The rollover counter of the highest SRTP index seen or sent for <paramref name="ssrc"/>.</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        var slot = _streams.Find(ssrc);
        rolloverCounter = slot >= 0 ? (uint)(_streams[slot].Rtp.Highest >> 16) : 0;
        return slot >= 0 && !_streams[slot].Rtp.IsEmpty;
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    private int FindOrAdd(uint ssrc)
    {
        var slot = _streams.Find(ssrc);
        return slot >= 0 ? slot : _streams.Add(ssrc);
    }

    private static bool Fail(SrtpError reason, out SrtpError error)
    {
        error = reason;
        return false;
    }

    // Labels: encryption, then authentication (+1) and salt (+2) of the same packet kind (RFC 3711 §4.3.2).
    private static SrtpTransform CreateTransform(SrtpProfileParameters parameters, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte encryptionLabel, int tagLength)
    {
        Span<byte> keys = stackalloc byte[parameters.KeyLength + parameters.SaltLength + SrtpProfileParameters.AuthenticationKeyLength];
        var key = keys[..parameters.KeyLength];
        var salt = keys.Slice(parameters.KeyLength, parameters.SaltLength);
        var authenticationKey = keys[(parameters.KeyLength + parameters.SaltLength)..];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, encryptionLabel, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, (byte)(encryptionLabel + 2), salt);
        try
        {
            if (parameters.IsAead)
            {
                return new AesGcmTransform(key, salt);
            }
            SrtpKeyDerivation.Derive(masterKey, masterSalt, (byte)(encryptionLabel + 1), authenticationKey);
            return new AesCmHmacSha1Transform(key, salt, authenticationKey, tagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }
}
