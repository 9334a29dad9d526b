using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz target for the DTLS transport's network input. The input is a sequence of datagrams, each a
/// 2-byte big-endian length followed by that many bytes (a short tail is one last datagram), so a corpus file can
/// hold a whole fragmented flight.</summary>
internal static class DtlsTargets
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate("fuzz");

    private static readonly DtlsOptions Options = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(2),
        FingerprintTimeout = TimeSpan.FromSeconds(1),
        QueueCapacity = 16,
    };

    /// <summary>Feeds the datagrams to a started server: <c>OnDatagram</c> must not throw, every datagram must be
    /// counted exactly once (queued or dropped with a reason), and the handshake thread must take the queue and
    /// end on dispose within the transport's own bounds.</summary>
    [FuzzTarget("dtls-record")]
    public static void DtlsRecord(byte[] data)
    {
        var transport = new DtlsTransport(Certificate, DtlsRole.Server, _ => { }, Options);
        transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, Certificate.Sha256Fingerprint);
        transport.Start();
        var datagrams = 0;
        ReadOnlySpan<byte> rest = data;
        while (!rest.IsEmpty)
        {
            var length = rest.Length >= 2 ? Math.Min(BinaryPrimitives.ReadUInt16BigEndian(rest), rest.Length - 2) : rest.Length;
            var datagram = rest.Length >= 2 ? rest.Slice(2, length) : rest;
            rest = rest[(rest.Length >= 2 ? 2 + length : rest.Length)..];
            transport.OnDatagram(datagram);
            datagrams++;
        }
        var counters = transport.Counters;
        var counted = counters.DatagramsReceived + counters.DroppedMalformed + counters.DroppedQueueFull + counters.DroppedClosed;
        if (counted != datagrams)
        {
            throw new FuzzInvariantException($"{datagrams} datagrams fed, {counted} counted");
        }
        if (!SpinWait.SpinUntil(() => !transport.HasPendingDatagrams || transport.State is DtlsState.Failed or DtlsState.Closed, TimeSpan.FromSeconds(5)))
        {
            throw new FuzzInvariantException("the handshake thread did not take the queued datagrams");
        }
        transport.Dispose();
        if (transport.State is not (DtlsState.Failed or DtlsState.Closed))
        {
            throw new FuzzInvariantException($"still {transport.State} after dispose");
        }
    }
}
