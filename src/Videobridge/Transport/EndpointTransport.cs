using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.Videobridge.Transport.Srtp;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge.Transport;

/// <summary>One endpoint's transport on its Worker's UDP port: the ICE agent, the DTLS association and the SRTP
/// contexts it keys. The Worker hands it the datagrams of its remote addresses, already demultiplexed (RFC 7983);
/// it answers STUN, feeds DTLS, and unprotects SRTP/SRTCP in place before handing the plaintext to its
/// <see cref="IMediaReceiver"/>. Media is accepted and sent only with keys from a handshake whose peer certificate
/// matched the signalled fingerprint, and sent only to the pair ICE validated and nominated. Owned by the Worker
/// thread: every member but the constructor runs there (signalling reaches it through <c>Worker.Post</c>); the DTLS
/// thread's events are posted back.</summary>
internal sealed class EndpointTransport : IDisposable
{
    private readonly EndpointTransportOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly DatagramSend _send;
    private readonly Action<Action> _post;
    private readonly IMediaReceiver _receiver;
    private readonly TransportCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DtlsTransport? _dtls;
    private SrtpContext? _sendContext;
    private SrtpContext? _receiveContext;
    private TransportAddress? _dtlsPeer;
    private bool _dtlsFailed;
    private bool _disposed;

    public EndpointTransport(string id, EndpointTransportOptions options, IReadOnlyList<IceCandidate> localCandidates, AllowedNetworks allowed,
        DtlsCertificate certificate, DatagramSend send, Action<Action> post, IMediaReceiver receiver, TransportCounters counters,
        TimeProvider time, ILogger logger, IceCredentials? credentials = null)
    {
        Id = id;
        _options = options;
        _certificate = certificate;
        _send = send;
        _post = post;
        _receiver = receiver;
        _counters = counters;
        _time = time;
        _logger = logger;
        Ice = new IceAgent(credentials ?? IceCredentials.Generate(), localCandidates, options.IceRole, options.Ice, allowed, send, counters.Ice, time);
        Ice.StateChanged += _ => OnIceStateChanged();
        Ice.PairAdded += pair => RemoteAddressAdded?.Invoke(this, pair.Remote);
    }

    public string Id { get; }

    public IceAgent Ice { get; }

    public IceCredentials LocalCredentials => Ice.Local;

    public IReadOnlyList<IceCandidate> LocalCandidates => Ice.LocalCandidates;

    public string LocalFingerprintHash => DtlsCertificate.FingerprintHash;

    public string LocalFingerprint => _certificate.Sha256Fingerprint;

    public DtlsSetup LocalSetup => _options.LocalSetup;

    public TransportState State { get; private set; }

    /// <summary>
    /// True once SRTP is keyed with an AES-CM profile (RFC 3711 §4.1.1). A plain retransmission goes out under the
    /// SRTP index the packet was first sent with; under AES-CM the payload is encrypted with the same keystream into
    /// the same ciphertext (the plaintext is the same) and the header, whose hop-by-hop stamps differ, is only
    /// authenticated (HMAC-SHA1), so nothing leaks. Under AES-GCM (RFC 7714) the same nonce with different associated
    /// data would expose the GHASH key, so plain retransmission is never used there.
    /// </summary>
    public bool AllowsPlainRetransmission =>
        _sendContext?.Profile is SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AesCm128HmacSha1_32;

    public DtlsTransport? Dtls => _dtls;

    /// <summary>Media of this endpoint that passed SRTP, and media sent; plain fields written by the Worker thread
    /// (other threads read them with <see cref="Volatile.Read(ref long)"/>). Drops are counted per Worker.</summary>
    public long PacketsReceived;
    public long BytesReceived;
    public long PacketsSent;
    public long BytesSent;

    /// <summary>Raised when ICE pairs a new remote address, so that the Worker routes its datagrams here.</summary>
    public event Action<EndpointTransport, TransportAddress>? RemoteAddressAdded;

    public event Action<EndpointTransport>? StateChanged;

    /// <summary>Starts ICE: checks are answered from now on, and sent once the peer's credentials are known.</summary>
    public void Start()
    {
        Ice.Start();
        UpdateState();
    }

    /// <summary>The peer's answer: ICE credentials and candidates, DTLS fingerprint and setup (RFC 8839, RFC 8842).
    /// Later calls add candidates and replace the fingerprint; the DTLS role is fixed by the first.</summary>
    public void SetRemoteParameters(string ufrag, string password, IEnumerable<IceCandidate> candidates, string fingerprintHash, string fingerprint, DtlsSetup remoteSetup)
    {
        Ice.SetRemoteCredentials(ufrag, password);
        foreach (var candidate in candidates)
        {
            Ice.AddRemoteCandidate(candidate);
        }
        var dtls = _dtls;
        if (dtls is null)
        {
            DtlsRole role;
            try
            {
                role = DtlsTransport.RoleFor(remoteSetup, _options.LocalSetup);
            }
            catch (ArgumentException e)
            {
                // Both active, both passive, or an actpass answer: no valid offer/answer names these (RFC 5763 §5).
                OnDtlsEnded(e.Message);
                return;
            }
            dtls = CreateDtls(role);
        }
        dtls?.SetRemoteFingerprint(fingerprintHash, fingerprint);
        StartDtlsWhenReady();
    }

    /// <summary>A trickled candidate (RFC 8838); false when refused (outside the allowed networks, duplicate, limit).</summary>
    public bool AddRemoteCandidate(IceCandidate candidate) => Ice.AddRemoteCandidate(candidate);

    /// <summary>One datagram from <paramref name="source"/>, a remote address of this endpoint or a check naming our ufrag.</summary>
    public void OnDatagram(Span<byte> datagram, in TransportAddress source, PacketKind kind)
    {
        switch (kind)
        {
            case PacketKind.Stun:
                if (!Ice.OnStun(datagram, source))
                {
                    _counters.DroppedBadStun++;
                }
                break;
            case PacketKind.Dtls:
                OnDtls(datagram, source);
                break;
            case PacketKind.Rtp:
            case PacketKind.Rtcp:
                OnSrtp(datagram, source, kind == PacketKind.Rtcp);
                break;
            default:
                _counters.DroppedUnknownKind++;
                break;
        }
    }

    /// <summary>ICE pacing, retransmissions and consent; the Worker calls it every few milliseconds.</summary>
    public void OnTimer() => Ice.OnTimer();

    /// <summary>Protects the RTP packet in <paramref name="buffer"/>[..<paramref name="length"/>] in place (the buffer
    /// needs room for the tag) and sends it on the selected pair.</summary>
    public bool TrySendRtp(Span<byte> buffer, int length) => TrySendMedia(buffer, length, rtcp: false);

    /// <summary>Protects an RTCP compound packet in place (room for index and tag needed) and sends it on the selected pair.</summary>
    public bool TrySendRtcp(Span<byte> buffer, int length) => TrySendMedia(buffer, length, rtcp: true);

    /// <summary>Test seam, and for peers keyed out of band: SRTP contexts without a DTLS handshake.</summary>
    internal void UseSrtpContexts(SrtpContext send, SrtpContext receive)
    {
        _sendContext = send;
        _receiveContext = receive;
        UpdateState();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Ice.Dispose();
        if (_dtls is { } dtls)
        {
            // Close only signals the handshake thread; the join that Dispose does happens off the Worker thread.
            dtls.Close();
            ThreadPool.QueueUserWorkItem(_ => dtls.Dispose());
        }
        _sendContext?.Dispose();
        _receiveContext?.Dispose();
        _sendContext = null;
        _receiveContext = null;
        State = TransportState.Failed;
    }

    private bool TrySendMedia(Span<byte> buffer, int length, bool rtcp)
    {
        if (State != TransportState.Connected || Ice.SelectedPair is not { } pair || _sendContext is null)
        {
            _counters.SendDroppedNotConnected++;
            return false;
        }
        var isProtected = rtcp
            ? _sendContext.TryProtectRtcp(buffer, length, out var protectedLength, out _)
            : _sendContext.TryProtectRtp(buffer, length, out protectedLength, out _);
        if (!isProtected)
        {
            _counters.SrtpProtectFailed++;
            return false;
        }
        if (!_send(buffer[..protectedLength], pair.Remote))
        {
            return false;
        }
        PacketsSent++;
        BytesSent += protectedLength;
        if (rtcp)
        {
            _counters.RtcpSent++;
        }
        else
        {
            _counters.RtpSent++;
        }
        return true;
    }

    private void OnSrtp(Span<byte> datagram, in TransportAddress source, bool rtcp)
    {
        if (_receiveContext is null)
        {
            _counters.DroppedNoKeys++;
            return;
        }
        // SRTP authenticates itself; still, only addresses ICE proved are the peer's are listened to.
        if (!Ice.IsValid(source))
        {
            _counters.DroppedMediaNotSelected++;
            return;
        }
        var unprotected = rtcp
            ? _receiveContext.TryUnprotectRtcp(datagram, out var plainLength, out var error)
            : _receiveContext.TryUnprotectRtp(datagram, out plainLength, out error);
        if (!unprotected)
        {
            CountSrtpError(error);
            return;
        }
        PacketsReceived++;
        BytesReceived += datagram.Length;
        if (rtcp)
        {
            _counters.RtcpReceived++;
            _receiver.OnRtcp(this, datagram[..plainLength]);
        }
        else
        {
            _counters.RtpReceived++;
            _receiver.OnRtp(this, datagram[..plainLength]);
        }
    }

    private void CountSrtpError(SrtpError error)
    {
        switch (error)
        {
            case SrtpError.AuthenticationFailed:
                _counters.SrtpAuthenticationFailed++;
                break;
            case SrtpError.Replayed or SrtpError.TooOld:
                _counters.SrtpReplayed++;
                break;
            default:
                _counters.SrtpOtherErrors++;
                break;
        }
    }

    // DTLS goes to and comes from the selected pair only; before nomination, from a pair our own check
    // validated, since a browser starts DTLS as soon as its check succeeds.
    private void OnDtls(ReadOnlySpan<byte> datagram, in TransportAddress source)
    {
        var selected = Ice.SelectedPair;
        if (selected is not null ? selected.Remote != source : !Ice.IsValid(source))
        {
            _counters.DroppedDtlsNotSelected++;
            return;
        }
        _dtlsPeer = source;
        // A ClientHello before the answer reached us says the peer is active (RFC 5763 §5): we are the server.
        if (_dtls is null && IsClientHello(datagram) && _options.LocalSetup != DtlsSetup.Active)
        {
            CreateDtls(DtlsRole.Server);
            StartDtlsWhenReady();
        }
        if (_dtls is null)
        {
            _counters.DroppedNoKeys++;
            return;
        }
        _dtls.OnDatagram(datagram);
    }

    private static bool IsClientHello(ReadOnlySpan<byte> datagram) =>
        datagram.Length > 13 && datagram[0] == 22 && datagram[13] == 1;

    private DtlsTransport? CreateDtls(DtlsRole role)
    {
        if (_dtlsFailed || _disposed)
        {
            return null;
        }
        var dtls = new DtlsTransport(_certificate, role, record => _post(() => SendDtls(record.Span)), _options.Dtls, _time, _logger);
        dtls.Connected += keys => _post(() => OnDtlsConnected(keys));
        dtls.Failed += reason => _post(() => OnDtlsEnded(reason));
        dtls.Closed += () => _post(() => OnDtlsEnded("closed by the peer"));
        _dtls = dtls;
        return dtls;
    }

    // A server waits for the ClientHello; a client sends it once ICE has selected the pair it goes on.
    private void StartDtlsWhenReady()
    {
        if (_dtls is { State: DtlsState.New } dtls && (dtls.Role == DtlsRole.Server || Ice.SelectedPair is not null))
        {
            dtls.Start();
        }
    }

    private void SendDtls(ReadOnlySpan<byte> record)
    {
        if (_disposed)
        {
            return;
        }
        if ((Ice.SelectedPair?.Remote ?? _dtlsPeer) is not { } destination)
        {
            _counters.DroppedDtlsNotSelected++;
            return;
        }
        _send(record, destination);
    }

    private void OnDtlsConnected(DtlsKeys keys)
    {
        if (_disposed)
        {
            return;
        }
        if (!SrtpContextFactory.TryCreate(keys.Profile, keys.KeyingMaterial, keys.Role == DtlsRole.Client, out var send, out var receive))
        {
            OnDtlsEnded($"no SRTP contexts for {keys.Profile}");
            return;
        }
        _sendContext = send;
        _receiveContext = receive;
        UpdateState();
    }

    private void OnDtlsEnded(string reason)
    {
        if (_disposed || _dtlsFailed)
        {
            return;
        }
        _dtlsFailed = true;
        _counters.DtlsFailures++;
        _logger.LogInformation("Endpoint {Id}: DTLS ended: {Reason}", Id, reason);
        UpdateState();
    }

    private void OnIceStateChanged()
    {
        if (Ice.State == IceState.Failed && !_disposed)
        {
            _counters.IceFailures++;
            _logger.LogInformation("Endpoint {Id}: ICE failed", Id);
        }
        StartDtlsWhenReady();
        UpdateState();
    }

    private void UpdateState()
    {
        var state = Ice.State switch
        {
            _ when _disposed || _dtlsFailed => TransportState.Failed,
            IceState.Failed => TransportState.Failed,
            IceState.New => TransportState.New,
            IceState.Connected when _sendContext is not null => TransportState.Connected,
            _ => TransportState.Checking,
        };
        if (state != State)
        {
            State = state;
            StateChanged?.Invoke(this);
        }
    }
}
