using Jitsi.Net.Videobridge.Transport;

namespace Jitsi.Net.Videobridge.Tests.Transport;

/// <summary>RFC 7983 §7 first-byte ranges and the RFC 5761 §4 RTP/RTCP split.</summary>
public sealed class PacketDemultiplexerTests
{
    [Theory]
    [InlineData(new byte[] { 0, 1 }, "Stun")]
    [InlineData(new byte[] { 3, 0 }, "Stun")]
    [InlineData(new byte[] { 4, 0 }, "Unknown")]
    [InlineData(new byte[] { 16, 0 }, "Unknown")] // ZRTP
    [InlineData(new byte[] { 19, 0 }, "Unknown")]
    [InlineData(new byte[] { 20, 0 }, "Dtls")] // change_cipher_spec
    [InlineData(new byte[] { 22, 0xFE }, "Dtls")] // handshake
    [InlineData(new byte[] { 63, 0 }, "Dtls")]
    [InlineData(new byte[] { 64, 0 }, "Unknown")] // TURN channel
    [InlineData(new byte[] { 127, 0 }, "Unknown")]
    [InlineData(new byte[] { 0x80, 96 }, "Rtp")]
    [InlineData(new byte[] { 0x80, 96 | 0x80 }, "Rtp")] // marker bit set, payload type 96: above the RTCP range
    [InlineData(new byte[] { 0x80, 191 }, "Rtp")]
    [InlineData(new byte[] { 0x80, 192 }, "Rtcp")] // FIR (RFC 2032) range start
    [InlineData(new byte[] { 0x80, 200 }, "Rtcp")] // SR
    [InlineData(new byte[] { 0x81, 205 }, "Rtcp")] // RTPFB
    [InlineData(new byte[] { 0x80, 223 }, "Rtcp")]
    [InlineData(new byte[] { 191, 0 }, "Rtp")]
    [InlineData(new byte[] { 192, 0 }, "Unknown")]
    [InlineData(new byte[] { 255, 0 }, "Unknown")]
    [InlineData(new byte[] { 0x80 }, "Unknown")] // too short to tell RTP from RTCP
    [InlineData(new byte[] { }, "Unknown")]
    public void Classify_ByFirstBytes(byte[] datagram, string kind) =>
        Assert.Equal(Enum.Parse<PacketKind>(kind), PacketDemultiplexer.Classify(datagram));
}
