using System.Buffers.Binary;
using System.Security.Cryptography;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>Index estimation across sequence wrap, replay protection, SRTCP index and E flag, SSRC cap,
/// malformed input, and known answers of libsrtp's srtp_validate (an independent implementation).</summary>
public sealed class SrtpContextTests
{
    // RFC 3711 B.3 master key and salt, which libsrtp's srtp_validate also uses.
    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    private static readonly byte[] LibsrtpRtpPlain = HexWords.Parse(
        "800f1234", // V=2, PT 15, sequence number 0x1234
        "decafbad", // timestamp
        "cafebabe", // SSRC
        "abababab", // payload
        "abababab", // payload
        "abababab", // payload
        "abababab"); // payload

    private static readonly byte[] LibsrtpRtpProtected = HexWords.Parse(
        "800f1234", // header
        "decafbad", // header
        "cafebabe", // header
        "4e55dc4c", // ciphertext
        "e79978d8", // ciphertext
        "8ca4d215", // ciphertext
        "949d2402", // ciphertext
        "b78d6acc", // tag (the _32 profile keeps this word only)
        "99ea179b", // tag
        "8dbb");    // tag

    private static readonly byte[] LibsrtpRtcpPlain = HexWords.Parse(
        "81c8000b", // V=2, RC 1, PT 200, length 11
        "cafebabe", // sender SSRC
        "abababab", // body
        "abababab", // body
        "abababab", // body
        "abababab"); // body

    private static readonly byte[] LibsrtpRtcpProtected = HexWords.Parse(
        "81c8000b", // header
        "cafebabe", // sender SSRC
        "7128035b", // ciphertext
        "e487b9bd", // ciphertext
        "bef89041", // ciphertext
        "f977a5a8", // ciphertext
        "80000001", // E=1, SRTCP index 1
        "993e08cd", // tag
        "54d6c123", // tag
        "0798");    // tag

    [Fact]
    public void Libsrtp_AesCm80_KnownAnswers()
    {
        using var sender = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        using var receiver = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);

        Assert.Equal(LibsrtpRtpProtected, SrtpPackets.ProtectRtp(sender, LibsrtpRtpPlain));
        Assert.Equal(LibsrtpRtcpProtected, SrtpPackets.ProtectRtcp(sender, LibsrtpRtcpPlain));

        var rtp = (byte[])LibsrtpRtpProtected.Clone();
        Assert.True(receiver.TryUnprotectRtp(rtp, out var rtpLength, out _));
        Assert.Equal(LibsrtpRtpPlain, rtp[..rtpLength]);
        var rtcp = (byte[])LibsrtpRtcpProtected.Clone();
        Assert.True(receiver.TryUnprotectRtcp(rtcp, out var rtcpLength, out _));
        Assert.Equal(LibsrtpRtcpPlain, rtcp[..rtcpLength]);
    }

    [Fact]
    public void Libsrtp_AesCm32_KeepsTheFirstTagWord()
    {
        using var sender = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_32, MasterKey, MasterSalt);
        Assert.Equal(LibsrtpRtpProtected[..32], SrtpPackets.ProtectRtp(sender, LibsrtpRtpPlain));
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void SequenceWrap_AdvancesTheRoc_OnBothSides_AndALatePacketStillDecrypts(SrtpProtectionProfileId profileId)
    {
        var (sender, receiver) = Pair((SrtpProtectionProfile)profileId);
        const uint ssrc = 0xcafebabe;
        var before = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(ssrc, 65534, 100));
        var late = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(ssrc, 65535, 100));
        var wrapped = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(ssrc, 0, 100));
        var next = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(ssrc, 1, 100));
        Assert.True(sender.TryGetRolloverCounter(ssrc, out var sentRoc));
        Assert.Equal(1u, sentRoc);

        Assert.True(receiver.TryUnprotectRtp(before, out _, out _));
        Assert.True(receiver.TryUnprotectRtp(wrapped, out _, out _));
        Assert.True(receiver.TryGetRolloverCounter(ssrc, out var receivedRoc));
        Assert.Equal(1u, receivedRoc);
        Assert.True(receiver.TryUnprotectRtp(late, out var lateLength, out var error), error.ToString());
        Assert.Equal(SrtpPackets.Rtp(ssrc, 65535, 100), late[..lateLength]);
        Assert.True(receiver.TryUnprotectRtp(next, out _, out _));
        Assert.True(receiver.TryGetRolloverCounter(ssrc, out receivedRoc));
        Assert.Equal(1u, receivedRoc);
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void ReplayedAndTooOldPackets_AreRejected(SrtpProtectionProfileId profileId)
    {
        var (sender, receiver) = Pair((SrtpProtectionProfile)profileId);
        var first = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, 100, 20));
        var copy = (byte[])first.Clone();
        Assert.True(receiver.TryUnprotectRtp(first, out _, out _));

        Assert.False(receiver.TryUnprotectRtp(copy, out _, out var replayed));
        Assert.Equal(SrtpError.Replayed, replayed);

        for (ushort sequence = 101; sequence <= 100 + SrtpReplayWindow.Size; sequence++)
        {
            Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, sequence, 20)), out _, out _));
        }
        Assert.False(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, 100, 20)), out _, out var tooOld));
        Assert.Equal(SrtpError.TooOld, tooOld);
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_32)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void TamperedPacket_IsRejected_AndDoesNotMoveTheWindow(SrtpProtectionProfileId profileId)
    {
        var (sender, receiver) = Pair((SrtpProtectionProfile)profileId);
        var packet = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(9, 5, 50));
        var tampered = (byte[])packet.Clone();
        tampered[20] ^= 0x40;

        Assert.False(receiver.TryUnprotectRtp(tampered, out _, out var error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
        Assert.Equal(0, receiver.SsrcCount);
        Assert.True(receiver.TryUnprotectRtp(packet, out _, out _));
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void Srtcp_CountsItsIndex_SetsTheEFlag_AndRejectsReplays(SrtpProtectionProfileId profileId)
    {
        var (sender, receiver) = Pair((SrtpProtectionProfile)profileId);
        var plain = SrtpPackets.Rtcp(0x01020304, words: 6);

        for (uint expectedIndex = 1; expectedIndex <= 3; expectedIndex++)
        {
            var packet = SrtpPackets.ProtectRtcp(sender, plain);
            var indexOffset = profileId == SrtpProtectionProfileId.AeadAes128Gcm ? packet.Length - 4 : packet.Length - 14;
            Assert.Equal(0x8000_0000 | expectedIndex, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(indexOffset)));
            Assert.NotEqual(plain[8..], packet[8..plain.Length]);
            var copy = (byte[])packet.Clone();

            Assert.True(receiver.TryUnprotectRtcp(packet, out var plainLength, out _));
            Assert.Equal(plain, packet[..plainLength]);
            Assert.False(receiver.TryUnprotectRtcp(copy, out _, out var replayed));
            Assert.Equal(SrtpError.Replayed, replayed);
        }
    }

    [Fact]
    public void Srtcp_WithoutTheEFlag_IsAuthenticatedButNotDecrypted()
    {
        using var receiver = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);
        var authenticationKey = new byte[20];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtcpAuthenticationLabel, authenticationKey);
        var plain = SrtpPackets.Rtcp(0x01020304, words: 2);
        // RFC 3711 §3.4: plain packet | E=0 + index 7 | HMAC-SHA1-80 over both.
        var packet = new byte[plain.Length + 14];
        plain.CopyTo(packet, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(plain.Length), 7);
        HMACSHA1.HashData(authenticationKey, packet.AsSpan(0, plain.Length + 4)).AsSpan(0, 10).CopyTo(packet.AsSpan(plain.Length + 4));

        Assert.True(receiver.TryUnprotectRtcp(packet, out var plainLength, out _));
        Assert.Equal(plain, packet[..plainLength]);
    }

    [Fact]
    public void NewSsrcsBeyondTheCap_AreRefused()
    {
        using var sender = new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        using var receiver = new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[12], maxSsrcCount: 2);
        Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, 1, 10)), out _, out _));
        Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(2, 1, 10)), out _, out _));

        Assert.False(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(3, 1, 10)), out _, out var error));
        Assert.Equal(SrtpError.SsrcLimit, error);
        Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, 2, 10)), out _, out _));
        Assert.Equal(2, receiver.SsrcCount);
    }

    [Fact]
    public void PacketsReorderedWithinTheWindow_AreAccepted()
    {
        var (sender, receiver) = Pair(SrtpProtectionProfile.AeadAes128Gcm);
        var late = SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, 1000, 20));
        for (ushort sequence = 1001; sequence < 1000 + SrtpReplayWindow.Size; sequence++)
        {
            Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(1, sequence, 20)), out _, out _));
        }

        Assert.True(receiver.TryUnprotectRtp(late, out _, out var error), error.ToString());
    }

    [Fact]
    public void ManySsrcs_AreTracked_AsTheTableGrows()
    {
        var (sender, receiver) = Pair(SrtpProtectionProfile.AesCm128HmacSha1_80);
        for (uint ssrc = 1; ssrc <= 300; ssrc++)
        {
            Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(ssrc * 0x01000193, 65535, 10)), out _, out _));
        }
        for (uint ssrc = 1; ssrc <= 300; ssrc++)
        {
            Assert.True(receiver.TryUnprotectRtp(SrtpPackets.ProtectRtp(sender, SrtpPackets.Rtp(ssrc * 0x01000193, 0, 10)), out _, out _));
            Assert.True(receiver.TryGetRolloverCounter(ssrc * 0x01000193, out var roc));
            Assert.Equal(1u, roc);
        }
        Assert.Equal(300, receiver.SsrcCount);
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_32)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void MalformedInput_ReturnsFalse_WithoutThrowing(SrtpProtectionProfileId profileId)
    {
        var (sender, receiver) = Pair((SrtpProtectionProfile)profileId);
        var random = new Random(1);
        for (var length = 0; length < 80; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.False(receiver.TryUnprotectRtp(bytes, out _, out _));
            Assert.False(receiver.TryUnprotectRtcp((byte[])bytes.Clone(), out _, out _));
            Assert.False(sender.TryProtectRtp((byte[])bytes.Clone(), length, out _, out _)); // no room for a tag
        }
        var noRoom = SrtpPackets.Rtp(1, 1, 10);
        Assert.False(sender.TryProtectRtp(noRoom, noRoom.Length, out _, out var error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        var extensionPastEnd = HexWords.Parse(
            "90000001", // V=2, X=1, sequence number 1
            "00000000", // timestamp
            "00000001", // SSRC
            "bede0010"); // extension of 16 words, none present
        Assert.False(sender.TryProtectRtp(extensionPastEnd, extensionPastEnd.Length, out _, out error));
        Assert.Equal(SrtpError.Malformed, error);
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_32)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void Factory_PairsTheDtlsClientWithTheServer(SrtpProtectionProfileId profileId)
    {
        var profile = (SrtpProtectionProfile)profileId;
        var material = new byte[SrtpContextFactory.KeyingMaterialLength(profile)];
        new Random(2).NextBytes(material);

        Assert.True(SrtpContextFactory.TryCreate(profile, material, isDtlsClient: true, out var clientSend, out var clientReceive));
        Assert.True(SrtpContextFactory.TryCreate(profile, material, isDtlsClient: false, out var serverSend, out var serverReceive));
        var fromClient = SrtpPackets.ProtectRtp(clientSend!, SrtpPackets.Rtp(1, 1, 30));
        var fromServer = SrtpPackets.ProtectRtp(serverSend!, SrtpPackets.Rtp(1, 1, 30));

        Assert.True(serverReceive!.TryUnprotectRtp((byte[])fromClient.Clone(), out _, out _));
        Assert.True(clientReceive!.TryUnprotectRtp((byte[])fromServer.Clone(), out _, out _));
        Assert.False(clientReceive.TryUnprotectRtp(fromClient, out _, out _));
        Assert.False(SrtpContextFactory.TryCreate(profile, material.AsSpan(1), true, out _, out _));
        Assert.False(SrtpContextFactory.TryCreate((SrtpProtectionProfile)0x0003, material, true, out _, out _));
    }

    [Fact]
    public void Factory_TakesTheClientHalvesInRfc5764Order()
    {
        // client key 0x11.., server key 0x22.., client salt 0x33.., server salt 0x44..
        var material = new byte[60];
        material.AsSpan(0, 16).Fill(0x11);
        material.AsSpan(16, 16).Fill(0x22);
        material.AsSpan(32, 14).Fill(0x33);
        material.AsSpan(46, 14).Fill(0x44);
        Assert.True(SrtpContextFactory.TryCreate(SrtpProtectionProfile.AesCm128HmacSha1_80, material, true, out var send, out _));
        using var expected = new SrtpContext(SrtpProtectionProfile.AesCm128HmacSha1_80, material.AsSpan(0, 16), material.AsSpan(32, 14));

        var plain = SrtpPackets.Rtp(5, 5, 40);
        Assert.Equal(SrtpPackets.ProtectRtp(expected, plain), SrtpPackets.ProtectRtp(send!, plain));
    }

    [Theory]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    public void ProtectAndUnprotect_AllocateNothing_AfterWarmUp(SrtpProtectionProfileId profileId)
    {
        var (sender, receiver) = Pair((SrtpProtectionProfile)profileId);
        var plain = SrtpPackets.Rtp(77, 0, 1200);
        var rtcp = SrtpPackets.Rtcp(77, 10);
        var buffer = new byte[plain.Length + 16];
        var rtcpBuffer = new byte[rtcp.Length + 20];
        void Round(ushort sequence)
        {
            plain.CopyTo(buffer, 0);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
            Assert.True(sender.TryProtectRtp(buffer, plain.Length, out var length, out _));
            Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, length), out _, out _));
            rtcp.CopyTo(rtcpBuffer, 0);
            Assert.True(sender.TryProtectRtcp(rtcpBuffer, rtcp.Length, out length, out _));
            Assert.True(receiver.TryUnprotectRtcp(rtcpBuffer.AsSpan(0, length), out _, out _));
        }
        for (ushort i = 0; i < 100; i++)
        {
            Round(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort i = 100; i < 1100; i++)
        {
            Round(i);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile)
    {
        SrtpProfileParameters.TryGet(profile, out var p);
        var key = Enumerable.Range(1, p.KeyLength).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(100, p.SaltLength).Select(i => (byte)i).ToArray();
        return (new SrtpContext(profile, key, salt), new SrtpContext(profile, key, salt));
    }
}
