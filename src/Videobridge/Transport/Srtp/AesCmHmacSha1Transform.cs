using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>AES_CM_128 encryption with HMAC-SHA1 authentication (RFC 3711 §4.1.1, §4.2.1), the transform of
/// the SRTP_AES128_CM_HMAC_SHA1_80 and _32 profiles. Owned by the context's thread (the Worker thread).</summary>
/// <remarks>
/// SRTP: <c>header | encrypted payload | tag</c>, tag = HMAC(header | encrypted payload | ROC), truncated.
/// SRTCP (RFC 3711 §3.4): <c>header (8) | encrypted | E + index (4) | tag</c>, tag over all before it.
/// IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).
/// </remarks>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private readonly AesCounterMode _cipher;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _salt;
    private readonly byte[] _iv = new byte[AesCounterMode.BlockSize];
    private readonly byte[] _mac = new byte[20];

    public AesCmHmacSha1Transform(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> authenticationKey, int tagLength)
        : base(tagLength)
    {
        _cipher = new AesCounterMode(sessionKey);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authenticationKey);
        _salt = sessionSalt.ToArray();
    }

    public override int RtcpIndexOffset(int protectedLength) => protectedLength - TagLength - 4;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        _cipher.Apply(BuildIv(ssrc, index), packet[headerLength..length]);
        ComputeRtpTag(packet[..length], (uint)(index >> 16));
        _mac.AsSpan(0, TagLength).CopyTo(packet[length..]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        // Authenticate before decrypting (RFC 3711 §3.3 steps 5 and 6).
        ComputeRtpTag(packet[..length], (uint)(index >> 16));
        if (!CryptographicOperations.FixedTimeEquals(_mac.AsSpan(0, TagLength), packet.Slice(length, TagLength)))
        {
            return false;
        }
        _cipher.Apply(BuildIv(ssrc, index), packet[headerLength..length]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        _cipher.Apply(BuildIv(ssrc, index), packet[RtcpHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], EncryptedFlag | index);
        var authenticated = length + 4;
        _hmac.AppendData(packet[..authenticated]);
        _hmac.TryGetHashAndReset(_mac, out _);
        _mac.AsSpan(0, TagLength).CopyTo(packet[authenticated..]);
        return authenticated + TagLength;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int protectedLength, uint ssrc, uint indexWord, out int plainLength)
    {
        plainLength = RtcpIndexOffset(protectedLength);
        var authenticated = plainLength + 4;
        _hmac.AppendData(packet[..authenticated]);
        _hmac.TryGetHashAndReset(_mac, out _);
        if (!CryptographicOperations.FixedTimeEquals(_mac.AsSpan(0, TagLength), packet.Slice(authenticated, TagLength)))
        {
            return false;
        }
        if ((indexWord & EncryptedFlag) != 0)
        {
            _cipher.Apply(BuildIv(ssrc, indexWord & ~EncryptedFlag), packet[RtcpHeaderLength..plainLength]);
        }
        return true;
    }

    public override void Dispose()
    {
        _cipher.Dispose();
        _hmac.Dispose();
    }

    /// <summary>The first keystream block for RFC 3711 §4.1.1; the low 16 bits count blocks.</summary>
    internal ReadOnlySpan<byte> BuildIv(uint ssrc, ulong index)
    {
        var iv = _iv.AsSpan();
        iv.Clear();
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        // The 48-bit index lands in bytes 8..13.
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16));
        return iv;
    }

    // The ROC is authenticated but not sent (RFC 3711 §4.2).
    private void ComputeRtpTag(ReadOnlySpan<byte> authenticatedPortion, uint rolloverCounter)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _hmac.AppendData(authenticatedPortion);
        _hmac.AppendData(roc);
        _hmac.TryGetHashAndReset(_mac, out _);
    }
}
