using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Our client against our server in memory: profiles, keys, SRTP halves, close_notify.</summary>
public sealed class DtlsHandshakeTests
{
    [Theory]
    [InlineData(SrtpProtectionProfileId.AeadAes128Gcm)]
    [InlineData(SrtpProtectionProfileId.AesCm128HmacSha1_80)]
    public async Task Handshake_AgreesOnTheProfileAndKeys_AndTheSrtpHalvesInterwork(SrtpProtectionProfileId profileId)
    {
        var profile = (SrtpProtectionProfile)profileId;
        using var link = new DtlsLink(serverOptions: new DtlsOptions { Profiles = [profile] });

        var (clientKeys, serverKeys) = await link.ConnectAsync();

        Assert.Equal(profile, clientKeys.Profile);
        Assert.Equal(profile, serverKeys.Profile);
        Assert.Equal(DtlsRole.Client, clientKeys.Role);
        Assert.Equal(DtlsRole.Server, serverKeys.Role);
        Assert.Equal(SrtpContextFactory.KeyingMaterialLength(profile), clientKeys.KeyingMaterial.Length);
        Assert.Equal(clientKeys.KeyingMaterial, serverKeys.KeyingMaterial);
        Assert.Equal(DtlsState.Connected, link.Client.Transport.State);
        Assert.Equal(DtlsState.Connected, link.Server.Transport.State);

        AssertSrtpFlows(clientKeys, serverKeys);
        AssertSrtpFlows(serverKeys, clientKeys);
    }

    [Fact]
    public async Task Handshake_PrefersGcm_WhenBothProfilesAreOffered()
    {
        using var link = new DtlsLink(clientOptions: new DtlsOptions { Profiles = [SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm] });

        var (_, serverKeys) = await link.ConnectAsync();

        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, serverKeys.Profile);
    }

    [Fact]
    public async Task Handshake_FailsOnBothSides_WithoutACommonProfile()
    {
        using var link = new DtlsLink(
            clientOptions: new DtlsOptions { Profiles = [SrtpProtectionProfile.AesCm128HmacSha1_80] },
            serverOptions: new DtlsOptions { Profiles = [SrtpProtectionProfile.AeadAes128Gcm] });
        link.ExchangeFingerprints();
        link.Start();

        Assert.Contains("no common SRTP protection profile", await link.Server.WaitFailedAsync());
        Assert.Contains("handshake_failure", await link.Client.WaitFailedAsync());
        Assert.False(link.Server.Connected.IsCompleted);
        Assert.Equal(1, link.Server.Transport.Counters.HandshakeAlerts);
    }

    /// <summary>RFC 6347 §4.2.4: the client's first ClientHello and the server's final flight (ChangeCipherSpec +
    /// Finished, epoch 1) are lost once; BouncyCastle's timers resend the hello, the client resends its final flight,
    /// and the server, already finished, answers it with its own again.</summary>
    [Fact]
    public async Task LostFlights_AreRetransmitted()
    {
        var lostClientHello = 0;
        var lostServerFinished = 0;
        using var link = new DtlsLink(drop: (fromClient, datagram) =>
            fromClient
                ? datagram.Span[13] == 1 && Interlocked.Exchange(ref lostClientHello, 1) == 0
                : ContainsEpoch1(datagram.Span) && Interlocked.Exchange(ref lostServerFinished, 1) == 0);

        var (clientKeys, serverKeys) = await link.ConnectAsync();

        Assert.Equal(clientKeys.KeyingMaterial, serverKeys.KeyingMaterial);
        Assert.Equal(1, lostClientHello);
        Assert.Equal(1, lostServerFinished);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CloseNotify_RaisesClosedOnThePeer(bool clientCloses)
    {
        using var link = new DtlsLink();
        await link.ConnectAsync();
        var (closing, peer) = clientCloses ? (link.Client, link.Server) : (link.Server, link.Client);

        closing.Transport.Close();

        await peer.Closed.WaitAsync(DtlsEndpoint.EventTimeout);
        Assert.Equal(DtlsState.Closed, peer.Transport.State);
        Assert.Equal(DtlsState.Closed, closing.Transport.State);
        Assert.Equal(1, peer.Transport.Counters.CloseNotifyReceived);
        Assert.False(closing.Closed.IsCompleted);
    }

    private static bool ContainsEpoch1(ReadOnlySpan<byte> datagram)
    {
        while (datagram.Length >= 13)
        {
            if (datagram[3] == 0 && datagram[4] == 1)
            {
                return true;
            }
            datagram = datagram[Math.Min(datagram.Length, 13 + (datagram[11] << 8 | datagram[12]))..];
        }
        return false;
    }

    private static void AssertSrtpFlows(DtlsKeys senderKeys, DtlsKeys receiverKeys)
    {
        Assert.True(SrtpContextFactory.TryCreate(senderKeys.Profile, senderKeys.KeyingMaterial, senderKeys.Role == DtlsRole.Client, out var send, out var unusedReceive));
        Assert.True(SrtpContextFactory.TryCreate(receiverKeys.Profile, receiverKeys.KeyingMaterial, receiverKeys.Role == DtlsRole.Client, out var unusedSend, out var receive));
        using (send)
        using (receive)
        using (unusedSend)
        using (unusedReceive)
        {
            var plain = SrtpPackets.Rtp(ssrc: 0x1234_5678, sequenceNumber: 7, payloadLength: 200);
            var packet = SrtpPackets.ProtectRtp(send!, plain);

            Assert.True(receive!.TryUnprotectRtp(packet, out var plainLength, out var error), error.ToString());
            Assert.Equal(plain, packet[..plainLength]);

            // The sender's own receive half is the peer's send key: it must not accept what the sender sent.
            var again = SrtpPackets.ProtectRtp(send!, SrtpPackets.Rtp(0x1234_5678, 8, 200));
            Assert.False(unusedReceive!.TryUnprotectRtp(again, out _, out _));
        }
    }
}
