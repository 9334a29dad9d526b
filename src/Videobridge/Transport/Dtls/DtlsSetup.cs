namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The setup attribute of SDP (RFC 4145 §4, RFC 5763 §5) and of Jingle's DTLS fingerprint element
/// (XEP-0320): who opens the DTLS association. Plain value; any thread.</summary>
internal enum DtlsSetup
{
    /// <summary>The endpoint sends the ClientHello.</summary>
    Active,

    /// <summary>The endpoint waits for the ClientHello.</summary>
    Passive,

    /// <summary>Either; only an offer may say this (RFC 5763 §5: the offerer must use actpass).</summary>
    ActPass,
}
