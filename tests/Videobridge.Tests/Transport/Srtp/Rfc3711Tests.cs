using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>RFC 3711 Appendix B test vectors (AES-CM keystream, key derivation) and a round trip of the
/// AES-CM profiles.</summary>
public sealed class Rfc3711Tests
{
    [Fact]
    public void B2_AesCmKeystream()
    {
        // B.2: session key, session salt (already shifted), ROC 0, SEQ 0, SSRC 0.
        using var transform = new AesCmHmacSha1Transform(
            Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"),
            Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20],
            tagLength: 10);
        var iv = transform.BuildIv(ssrc: 0, index: 0).ToArray();
        Assert.Equal(Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), iv);

        var keystream = new byte[0xFF02 * 16];
        using var cipher = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        cipher.Apply(iv, keystream);

        Assert.Equal(Convert.FromHexString("E03EAD0935C95E80E166B16DD92B4EB4"), Block(keystream, 0x0000));
        Assert.Equal(Convert.FromHexString("D23513162B02D0F72A43A2FE4A5F97AB"), Block(keystream, 0x0001));
        Assert.Equal(Convert.FromHexString("41E95B3BB0A2E8DD477901E4FCA894C0"), Block(keystream, 0x0002));
        Assert.Equal(Convert.FromHexString("EC8CDF7398607CB0F2D21675EA9EA1E4"), Block(keystream, 0xFEFF));
        Assert.Equal(Convert.FromHexString("362B7C3C6773516318A077D7FC5073AE"), Block(keystream, 0xFF00));
        Assert.Equal(Convert.FromHexString("6A2CC3787889374FBEB4C81B17BA6C44"), Block(keystream, 0xFF01));
    }

    [Fact]
    public void B3_KeyDerivation()
    {
        var masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authenticationKey = new byte[20];

        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, cipherKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, cipherSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authenticationKey);

        Assert.Equal(Convert.FromHexString("C61E7A93744F39EE10734AFE3FF7A087"), cipherKey);
        Assert.Equal(Convert.FromHexString("30CBBC08863D8C85D49DB34A9AE1"), cipherSalt);
        Assert.Equal(Convert.FromHexString("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), authenticationKey);
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80, 10)]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_32, 4)]
    public void AesCm_ProtectThenUnprotect_RestoresThePacket(SrtpProtectionProfileId profileId, int tagLength)
    {
        var profile = (SrtpProtectionProfile)profileId;
        var masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        using var sender = new SrtpContext(profile, masterKey, masterSalt);
        using var receiver = new SrtpContext(profile, masterKey, masterSalt);
        var plain = SrtpPackets.Rtp(ssrc: 0x11223344, sequenceNumber: 7, payloadLength: 1200);
        var buffer = new byte[plain.Length + tagLength];
        plain.CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out var protectedLength, out _));
        Assert.Equal(plain.Length + tagLength, protectedLength);
        Assert.Equal(plain[..12], buffer[..12]);
        Assert.NotEqual(plain[12..], buffer[12..plain.Length]);

        Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, protectedLength), out var plainLength, out var error));
        Assert.Equal(SrtpError.None, error);
        Assert.Equal(plain, buffer[..plainLength]);
    }

    private static byte[] Block(byte[] keystream, int index) => keystream.AsSpan(index * 16, 16).ToArray();
}
