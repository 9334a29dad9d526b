using System.Security.Cryptography;
using System.Text;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The answering half of an agent (RFC 8445 §7.3): recognises checks meant for our ufrag, verifies them
/// with our password, and writes the success or error response. Keeps the HMAC of our password so that no key
/// is set up per check. Owned by the Worker thread of its agent.</summary>
internal sealed class IceCheckResponder : IDisposable
{
    private readonly byte[] _localUfrag;
    private readonly IncrementalHash _localHmac;
    private readonly DatagramSend _send;
    private readonly IceCounters _counters;
    private readonly byte[] _scratch;

    /// <param name="send">Sends within the allowed networks only.</param>
    /// <param name="scratch">The agent's buffer for outgoing messages.</param>
    public IceCheckResponder(IceCredentials local, DatagramSend send, IceCounters counters, byte[] scratch)
    {
        _localUfrag = Encoding.UTF8.GetBytes(local.Ufrag);
        _localHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.UTF8.GetBytes(local.Password));
        _send = send;
        _counters = counters;
        _scratch = scratch;
    }

    /// <summary>USERNAME "our-ufrag:their-ufrag" (§7.2.2); before their ufrag is known (null), any second part.</summary>
    public bool IsForUs(ReadOnlySpan<byte> username, byte[]? remoteUfrag)
    {
        var local = _localUfrag.Length;
        if (username.Length <= local || username[local] != (byte)':' || !username[..local].SequenceEqual(_localUfrag))
        {
            return false;
        }
        return remoteUfrag is null || username[(local + 1)..].SequenceEqual(remoteUfrag);
    }

    public bool Verify(in StunMessage request) => request.VerifyMessageIntegrity(_localHmac);

    /// <summary>A Binding success response telling the peer where its check came from (XOR-MAPPED-ADDRESS).</summary>
    public void AnswerSuccess(in StunMessage request, in TransportAddress source)
    {
        _counters.RequestsAnswered++;
        Send(IceMessages.WriteSuccess(_scratch, request.TransactionId, source, _localHmac), source);
    }

    /// <summary>An error response (400, 420 with the unknown attributes, 487), integrity-protected: only authentic
    /// requests get one.</summary>
    public void AnswerError(in StunMessage request, in TransportAddress source, StunErrorCode code)
    {
        Span<ushort> unknown = stackalloc ushort[16];
        var unknownCount = code == StunErrorCode.UnknownAttribute ? request.GetUnknownAttributes(unknown) : 0;
        _counters.ErrorResponsesSent++;
        Send(IceMessages.WriteError(_scratch, request.TransactionId, code, unknown[..unknownCount], _localHmac), source);
    }

    public void Dispose() => _localHmac.Dispose();

    private void Send(int length, in TransportAddress destination)
    {
        if (length > 0)
        {
            _send(_scratch.AsSpan(0, length), destination);
        }
    }
}
