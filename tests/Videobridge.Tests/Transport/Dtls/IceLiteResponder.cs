using System.Net;
using System.Text;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Test-only stand-in for the bridge's port, enough for a browser to start DTLS: an ICE-lite host on
/// 127.0.0.1 that answers binding requests carrying our credentials (RFC 8445 §2.5, §7.3) and hands datagrams with
/// a first byte of 20–63 (RFC 7983) to a <see cref="DtlsTransport"/>; DTLS goes back to the last sender.
/// Every DTLS datagram received is kept for inspection.</summary>
internal sealed class IceLiteResponder : IDisposable
{
    private readonly byte[] _password;
    private readonly Func<DtlsTransport> _transport;
    private readonly List<byte[]> _dtlsReceived = [];
    private readonly UdpPump _pump;

    public IceLiteResponder(string password, Func<DtlsTransport> transport)
    {
        _password = Encoding.UTF8.GetBytes(password);
        _transport = transport;
        _pump = new UdpPump(OnDatagram);
    }

    public int Port => _pump.Port;

    public IReadOnlyList<byte[]> DtlsReceived
    {
        get
        {
            lock (_dtlsReceived)
            {
                return [.. _dtlsReceived];
            }
        }
    }

    public void Send(ReadOnlyMemory<byte> datagram) => _pump.Send(datagram);

    public void Dispose() => _pump.Dispose();

    private void OnDatagram(ReadOnlyMemory<byte> datagram, IPEndPoint source)
    {
        if (datagram.Length > 0 && datagram.Span[0] is >= 20 and <= 63)
        {
            lock (_dtlsReceived)
            {
                _dtlsReceived.Add(datagram.ToArray());
            }
            _transport().OnDatagram(datagram.Span);
            return;
        }
        if (!StunMessage.TryParse(datagram.Span, out var request) || request.Type != StunMessageType.BindingRequest || !request.VerifyMessageIntegrity(_password))
        {
            return;
        }
        Span<byte> response = stackalloc byte[128];
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        if (writer.TryAddXorMappedAddress(source) && writer.TryAddMessageIntegrity(_password) && writer.TryAddFingerprint() && writer.TryComplete(out var length))
        {
            _pump.SendTo(response[..length], source);
        }
    }
}
