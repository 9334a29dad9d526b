using Jitsi.Net.Videobridge.Transport.Srtp;
using Org.BouncyCastle.Tls;
using SrtpProtectionProfile = Jitsi.Net.Videobridge.Transport.Srtp.SrtpProtectionProfile;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>What the BouncyCastle client and server peers share for one handshake: the use_srtp choice
/// (RFC 5764 §4.1), the peer certificate, the alerts seen, and the keying material export (RFC 5764 §4.2).
/// Written and read on the handshake thread only.</summary>
internal sealed class DtlsSrtpNegotiation(DtlsCertificate certificate, DtlsOptions options, DtlsRole role, Func<byte[], DtlsFingerprintCheck> checkFingerprint)
{
    /// <summary>RFC 5764 §4.2: the exporter label for DTLS-SRTP keys.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    public DtlsCertificate Certificate { get; } = certificate;

    public DtlsOptions Options { get; } = options;

    /// <summary>The protection profile agreed in the hellos; null until then.</summary>
    public SrtpProtectionProfile? Profile { get; private set; }

    /// <summary>The peer's end-entity certificate in DER; null until its Certificate message.</summary>
    public byte[]? PeerCertificate { get; private set; }

    /// <summary>Why we ended the handshake ourselves, when a plain alert code would not say it.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The handshake was ended because the peer certificate did not match the signalled fingerprint.</summary>
    public bool FingerprintMismatch { get; private set; }

    public bool CloseNotifyReceived { get; private set; }

    public DtlsKeys? Keys { get; private set; }

    /// <summary>Our use_srtp offer, in preference order, without MKI (WebRTC never uses one, RFC 8827 §6.5).</summary>
    public UseSrtpData Offer() => new([.. Options.Profiles.Select(p => (int)p)], TlsUtilities.EmptyBytes);

    /// <summary>Server: picks the first of our profiles the client offers (RFC 5764 §4.1.3). No use_srtp or no common
    /// profile ends the handshake: without SRTP keys the association is useless to the bridge.</summary>
    public UseSrtpData Select(UseSrtpData? clientOffer)
    {
        if (clientOffer is null)
        {
            throw Fail(AlertDescription.handshake_failure, "the client did not offer use_srtp");
        }
        foreach (var profile in Options.Profiles)
        {
            if (clientOffer.ProtectionProfiles.Contains((int)profile))
            {
                Profile = profile;
                return new UseSrtpData([(int)profile], TlsUtilities.EmptyBytes);
            }
        }
        throw Fail(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    /// <summary>Client: the server must have chosen exactly one profile we offered (RFC 5764 §4.1.1), and no MKI.</summary>
    public void Accept(UseSrtpData? serverChoice)
    {
        if (serverChoice is null)
        {
            throw Fail(AlertDescription.handshake_failure, "the server did not answer use_srtp");
        }
        if (serverChoice.ProtectionProfiles.Length != 1 || !Options.Profiles.Contains((SrtpProtectionProfile)serverChoice.ProtectionProfiles[0]))
        {
            throw Fail(AlertDescription.illegal_parameter, "the server chose an SRTP protection profile we did not offer");
        }
        if (serverChoice.Mki.Length != 0)
        {
            throw Fail(AlertDescription.illegal_parameter, "the server sent an SRTP MKI we did not offer");
        }
        Profile = (SrtpProtectionProfile)serverChoice.ProtectionProfiles[0];
    }

    /// <summary>Keeps the peer certificate. It is self-signed and authenticated only by the signalled fingerprint
    /// (RFC 5763 §5), so no chain is built; BouncyCastle still checks the CertificateVerify / ServerKeyExchange
    /// signature with its key. When the fingerprint is already known a mismatch ends the handshake with
    /// bad_certificate; otherwise the check waits until after the handshake.</summary>
    public void OnPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            // RFC 5763 §5: both endpoints must present a certificate; WebRTC peers always do.
            throw Fail(role == DtlsRole.Server ? AlertDescription.handshake_failure : AlertDescription.bad_certificate, "the peer sent no certificate");
        }
        var der = chain.GetCertificateAt(0).GetEncoded();
        var check = checkFingerprint(der);
        if (check.Result == DtlsFingerprintResult.Mismatch)
        {
            FingerprintMismatch = true;
            throw Fail(AlertDescription.bad_certificate, check.Reason);
        }
        PeerCertificate = der;
    }

    /// <summary>Exports the SRTP keying material once the handshake is complete (RFC 5764 §4.2, RFC 5705).</summary>
    public void OnHandshakeComplete(TlsContext context)
    {
        if (Profile is not { } profile)
        {
            throw Fail(AlertDescription.internal_error, "no SRTP protection profile was negotiated");
        }
        if (!context.SecurityParameters.IsExtendedMasterSecret)
        {
            // RFC 7627 §5.4: both peers require it, BouncyCastle should have refused already.
            throw Fail(AlertDescription.handshake_failure, "extended master secret was not negotiated");
        }
        var material = context.ExportKeyingMaterial(ExporterLabel, null, SrtpContextFactory.KeyingMaterialLength(profile));
        Keys = new DtlsKeys(profile, material, role);
    }

    public void OnAlertReceived(short level, short description)
    {
        if (description == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
        }
        else if (level == AlertLevel.fatal)
        {
            FailureReason ??= $"fatal alert received: {AlertDescription.GetText(description)}";
        }
    }

    private TlsFatalAlert Fail(short alert, string reason)
    {
        FailureReason ??= reason;
        return new TlsFatalAlert(alert, reason);
    }
}
