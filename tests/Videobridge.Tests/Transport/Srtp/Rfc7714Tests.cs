using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>The AEAD_AES_128_GCM examples of RFC 7714 §16.1 (SRTP) and §17.1 (SRTCP): the published session key
/// and salt are used as is, protect gives the exact bytes and unprotect restores the packet.</summary>
public sealed class Rfc7714Tests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Salt = Convert.FromHexString("517569642070726f2071756f");

    // §16.1.1 RTP packet.
    private static readonly byte[] RtpPlain = HexWords.Parse(
        "8040f17b", // V=2, PT 64, sequence number 0xf17b
        "8041f8d3", // timestamp
        "5501a0b2", // SSRC
        "47616c6c", // "Gall"
        "69612065", // "ia e"
        "7374206f", // "st o"
        "6d6e6973", // "mnis"
        "20646976", // " div"
        "69736120", // "isa "
        "696e2070", // "in p"
        "61727465", // "arte"
        "73207472", // "s tr"
        "6573");    // "es"

    // §16.1.1 Encrypted and tagged packet.
    private static readonly byte[] RtpProtected = HexWords.Parse(
        "8040f17b", // header, unchanged (AAD)
        "8041f8d3", // header
        "5501a0b2", // header
        "f24de3a3", // ciphertext
        "fb34de6c", // ciphertext
        "acba861c", // ciphertext
        "9d7e4bca", // ciphertext
        "be633bd5", // ciphertext
        "0d294e6f", // ciphertext
        "42a5f47a", // ciphertext
        "51c7d19b", // ciphertext
        "36de3adf", // ciphertext
        "8833899d", // ciphertext (2 bytes), tag
        "7f27beb1", // tag
        "6a9152cf", // tag
        "765ee439", // tag
        "0cce");    // tag

    // §17.1 RTCP packet.
    private static readonly byte[] RtcpPlain = HexWords.Parse(
        "81c8000d", // V=2, RC 1, PT 200 (SR), length 13
        "4d617273", // sender SSRC "Mars"
        "4e545031", // NTP timestamp
        "4e545032", // NTP timestamp
        "52545020", // RTP timestamp
        "0000042a", // sender's packet count
        "0000e930", // sender's octet count
        "4c756e61", // report block: SSRC "Luna"
        "deadbeef", // report block
        "deadbeef", // report block
        "deadbeef", // report block
        "deadbeef", // report block
        "deadbeef"); // report block

    // §17.1 Encrypted and tagged packet, SRTCP index 0x5d4.
    private static readonly byte[] RtcpProtected = HexWords.Parse(
        "81c8000d", // header, unchanged (AAD)
        "4d617273", // sender SSRC (AAD)
        "63e94885", // ciphertext
        "dcdab67c", // ciphertext
        "a727d766", // ciphertext
        "2f6b7e99", // ciphertext
        "7ff5c0f7", // ciphertext
        "6c06f32d", // ciphertext
        "c676a5f1", // ciphertext
        "730d6fda", // ciphertext
        "4ce09b46", // ciphertext
        "86303ded", // ciphertext
        "0bb9275b", // ciphertext
        "c84aa458", // tag
        "96cf4d2f", // tag
        "c5abf872", // tag
        "45d9eade", // tag
        "800005d4"); // E=1, SRTCP index 0x5d4 (AAD)

    [Fact]
    public void Section16_RtpIv()
    {
        using var transform = new AesGcmTransform(Key, Salt);
        Assert.Equal(Convert.FromHexString("51753c6580c2726f20718414"), transform.BuildNonce(0x5501a0b2, 0xf17b).ToArray());
    }

    [Fact]
    public void Section16_1_ProtectRtp_GivesThePublishedBytes()
    {
        using var sender = Context();
        Assert.Equal(RtpProtected, SrtpPackets.ProtectRtp(sender, RtpPlain));
    }

    [Fact]
    public void Section16_1_UnprotectRtp_RestoresThePacket()
    {
        using var receiver = Context();
        var packet = (byte[])RtpProtected.Clone();

        Assert.True(receiver.TryUnprotectRtp(packet, out var plainLength, out var error));
        Assert.Equal(SrtpError.None, error);
        Assert.Equal(RtpPlain, packet[..plainLength]);
    }

    [Fact]
    public void Section17_RtcpIv()
    {
        using var transform = new AesGcmTransform(Key, Salt);
        Assert.Equal(Convert.FromHexString("517524055203726f207170bb"), transform.BuildNonce(0x4d617273, 0x5d4).ToArray());
    }

    [Fact]
    public void Section17_1_ProtectRtcp_GivesThePublishedBytes()
    {
        using var transform = new AesGcmTransform(Key, Salt);
        var buffer = new byte[RtcpPlain.Length + 20];
        RtcpPlain.CopyTo(buffer, 0);

        var length = transform.ProtectRtcp(buffer, RtcpPlain.Length, 0x4d617273, 0x5d4);

        Assert.Equal(RtcpProtected, buffer[..length]);
    }

    [Fact]
    public void Section17_1_UnprotectRtcp_RestoresThePacket()
    {
        using var receiver = Context();
        var packet = (byte[])RtcpProtected.Clone();

        Assert.True(receiver.TryUnprotectRtcp(packet, out var plainLength, out var error));
        Assert.Equal(SrtpError.None, error);
        Assert.Equal(RtcpPlain, packet[..plainLength]);
    }

    [Fact]
    public void Section17_3_TaggedOnlyRtcp_IsAuthenticatedAndLeftPlain()
    {
        using var receiver = Context();
        // §17.3: the plain packet, the tag over it and the E=0 index word, then E=0 and SRTCP index 0x5d4.
        var packet = RtcpPlain.Concat(HexWords.Parse(
            "841dd968", // tag
            "3dd78ec9", // tag
            "2ae58790", // tag
            "125f62b3", // tag
            "000005d4")).ToArray(); // E=0, SRTCP index 0x5d4

        Assert.True(receiver.TryUnprotectRtcp(packet, out var plainLength, out var error));
        Assert.Equal(SrtpError.None, error);
        Assert.Equal(RtcpPlain, packet[..plainLength]);
    }

    [Fact]
    public void TamperedTag_IsRejected()
    {
        using var receiver = Context();
        var rtp = (byte[])RtpProtected.Clone();
        rtp[^1] ^= 0x01;
        var rtcp = (byte[])RtcpProtected.Clone();
        rtcp[^5] ^= 0x80;

        Assert.False(receiver.TryUnprotectRtp(rtp, out _, out var rtpError));
        Assert.False(receiver.TryUnprotectRtcp(rtcp, out _, out var rtcpError));
        Assert.Equal(SrtpError.AuthenticationFailed, rtpError);
        Assert.Equal(SrtpError.AuthenticationFailed, rtcpError);
        Assert.Equal(0, receiver.SsrcCount);
    }

    private static SrtpContext Context() =>
        new(SrtpProtectionProfile.AeadAes128Gcm, new AesGcmTransform(Key, Salt), new AesGcmTransform(Key, Salt));
}
