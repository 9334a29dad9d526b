using System.Security.Cryptography;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>The test seam for media without a DTLS handshake: random AES-GCM keying material given to an endpoint
/// transport (as the DTLS server) and to the peer's contexts (as the client).</summary>
internal static class SharedSrtpKeys
{
    public static (SrtpContext PeerSend, SrtpContext PeerReceive) Install(EndpointTransport endpoint,
        SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm)
    {
        var keyingMaterial = RandomNumberGenerator.GetBytes(SrtpContextFactory.KeyingMaterialLength(profile));
        Assert.True(SrtpContextFactory.TryCreate(profile, keyingMaterial, isDtlsClient: false, out var send, out var receive));
        Assert.True(SrtpContextFactory.TryCreate(profile, keyingMaterial, isDtlsClient: true, out var peerSend, out var peerReceive));
        endpoint.UseSrtpContexts(send!, receive!);
        return (peerSend!, peerReceive!);
    }
}
