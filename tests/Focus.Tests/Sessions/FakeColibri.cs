using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>A colibri2 session that records the calls and answers like a bridge; <see cref="Fail"/> makes every
/// later call fail like a bridge that stopped answering.</summary>
internal sealed class FakeColibri(Bridge bridge) : IColibriSession
{
    public const string Fingerprint = "1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09";

    public Bridge Bridge => bridge;

    public EndpointSourceSet FeedbackSources { get; } = SourceSets.Of([
        new SourceDescription("jvb", MediaType.Audio, "jvb-a0", [998877u], [], "mixedmslabel mixedlabelaudio0"),
        new SourceDescription("jvb", MediaType.Video, "jvb-v0", [2110911u], [], "mixedmslabel mixedlabelvideo0")]);

    public ConcurrentQueue<string> Allocated { get; } = new();

    public ConcurrentQueue<(string Endpoint, IceUdpTransportElement? Transport, EndpointSourceSet? Sources)> Updates { get; } = new();

    public ConcurrentQueue<string> ExpiredEndpoints { get; } = new();

    public bool ConferenceExpired { get; private set; }

    public bool Fail { get; set; }

    /// <summary>Thrown once by the next update.</summary>
    public ColibriException? NextUpdateError { get; set; }

    public Task<ColibriAllocation> AllocateAsync(string endpointId, string? statsId, MediaOffer offer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        Allocated.Enqueue(endpointId);
        var transport = new IceUdpTransportElement(XElement.Parse(
            $"""
            <transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="uf{endpointId}" pwd="pwd0123456789abcdefghij">
              <candidate component="1" foundation="1" generation="0" id="c1" network="0" ip="127.0.0.1" port="10000" priority="2130706431" protocol="udp" type="host"/>
              <rtcp-mux/>
              <fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="actpass">{Fingerprint}</fingerprint>
              <web-socket xmlns="http://jitsi.org/protocol/colibri" url="wss://127.0.0.1:9090/colibri-ws/{bridge.Id}/c1/{endpointId}?pwd=x"/>
            </transport>
            """));
        return Task.FromResult(new ColibriAllocation(endpointId, transport, FeedbackSources));
    }

    public Task UpdateAsync(string endpointId, IceUdpTransportElement? transport, EndpointSourceSet? sources, int? initialLastN = null,
        CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        if (NextUpdateError is { } error)
        {
            NextUpdateError = null;
            throw error;
        }
        Updates.Enqueue((endpointId, transport, sources));
        return Task.CompletedTask;
    }

    public Task ExpireAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        ExpiredEndpoints.Enqueue(endpointId);
        return Task.CompletedTask;
    }

    public Task ExpireAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        ConferenceExpired = true;
        return Task.CompletedTask;
    }

    private void ThrowIfFailing()
    {
        if (Fail)
        {
            throw new ColibriException("no reply", null);
        }
    }
}

/// <summary>Creates <see cref="FakeColibri"/>s and keeps them, newest last.</summary>
internal sealed class FakeColibriFactory : IColibriSessionFactory
{
    public ConcurrentQueue<FakeColibri> Sessions { get; } = new();

    public FakeColibri Last => Sessions.Last();

    public IColibriSession Create(Bridge bridge, string meetingId, string roomName)
    {
        var session = new FakeColibri(bridge);
        Sessions.Enqueue(session);
        return session;
    }
}
