using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714), 16-byte tag. Owned by the context's thread
/// (the Worker thread); one cipher — <see cref="OpenSslGcm"/> where libcrypto 3 loads, <see cref="AesGcm"/>
/// otherwise — and reused nonce and associated-data buffers.</summary>
/// <remarks>
/// SRTP (§8): AAD = the RTP header with CSRCs and extension; ciphertext and tag follow it.
/// IV = (00 00 | SSRC | ROC | SEQ) XOR salt.
/// SRTCP (§9): <c>header (8) | ciphertext | tag | E + index (4)</c>, AAD = header | E + index when encrypted,
/// the whole packet | E + index otherwise. IV = (00 00 | SSRC | 00 00 | 0 + index) XOR salt.
/// </remarks>
internal sealed class AesGcmTransform : SrtpTransform
{
    public const int GcmTagLength = 16;

    private readonly OpenSslGcm? _native;
    private readonly AesGcm? _gcm;
    private readonly byte[] _salt;
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _rtcpAad = new byte[RtcpHeaderLength + 4];

    public AesGcmTransform(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt)
        : base(GcmTagLength)
    {
        if (OpenSslGcm.IsSupported)
        {
            _native = new OpenSslGcm(sessionKey);
        }
        else
        {
            _gcm = new AesGcm(sessionKey, GcmTagLength);
        }
        _salt = sessionSalt.ToArray();
    }

    public override int RtcpIndexOffset(int protectedLength) => protectedLength - 4;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        var payload = packet[headerLength..length];
        Encrypt(BuildNonce(ssrc, index), payload, packet.Slice(length, GcmTagLength), packet[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        var payload = packet[headerLength..length];
        return TryDecrypt(BuildNonce(ssrc, index), payload, packet.Slice(length, GcmTagLength), packet[..headerLength]);
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        var indexWord = EncryptedFlag | index;
        packet[..RtcpHeaderLength].CopyTo(_rtcpAad);
        BinaryPrimitives.WriteUInt32BigEndian(_rtcpAad.AsSpan(RtcpHeaderLength), indexWord);
        var payload = packet[RtcpHeaderLength..length];
        Encrypt(BuildNonce(ssrc, index), payload, packet.Slice(length, GcmTagLength), _rtcpAad);
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + GcmTagLength)..], indexWord);
        return length + GcmTagLength + 4;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int protectedLength, uint ssrc, uint indexWord, out int plainLength)
    {
        plainLength = protectedLength - 4 - GcmTagLength;
        var nonce = BuildNonce(ssrc, indexWord & ~EncryptedFlag);
        var tag = packet.Slice(plainLength, GcmTagLength);
        if ((indexWord & EncryptedFlag) != 0)
        {
            packet[..RtcpHeaderLength].CopyTo(_rtcpAad);
            BinaryPrimitives.WriteUInt32BigEndian(_rtcpAad.AsSpan(RtcpHeaderLength), indexWord);
            return TryDecrypt(nonce, packet[RtcpHeaderLength..plainLength], tag, _rtcpAad);
        }
        // Authenticated only (RFC 7714 §9.2): the index word follows the tag, but the AAD needs it right after
        // the packet, so the word is written over the start of the tag once the tag is copied aside.
        Span<byte> receivedTag = stackalloc byte[GcmTagLength];
        tag.CopyTo(receivedTag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[plainLength..], indexWord);
        return TryDecrypt(nonce, [], receivedTag, packet[..(plainLength + 4)]);
    }

    /// <summary>Which cipher runs: OpenSSL's context directly, or <see cref="AesGcm"/>.</summary>
    internal bool UsesOpenSslDirectly => _native is not null;

    public override void Dispose()
    {
        _native?.Dispose();
        _gcm?.Dispose();
    }

    private void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (_native is not null)
        {
            if (!_native.Encrypt(nonce, data, tag, associatedData))
            {
                // Not expected with a valid context; a packet that cannot be protected must not leave as it is.
                throw new CryptographicException("AES-GCM encryption failed");
            }
            return;
        }
        _gcm!.Encrypt(nonce, data, data, tag, associatedData);
    }

    /// <summary>The 12-byte IV of RFC 7714 §8.1 (SRTP, 48-bit index = ROC || SEQ) and §9.1 (SRTCP, 31-bit index).</summary>
    internal ReadOnlySpan<byte> BuildNonce(uint ssrc, ulong index)
    {
        var nonce = _nonce.AsSpan();
        nonce[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], (uint)index);
        for (var i = 0; i < nonce.Length; i++)
        {
            nonce[i] ^= _salt[i];
        }
        return nonce;
    }

    // AesGcm reports a bad tag only by throwing; that cost is paid for forged or damaged packets alone.
    private bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (_native is not null)
        {
            return _native.Decrypt(nonce, data, tag, associatedData);
        }
        try
        {
            _gcm!.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
