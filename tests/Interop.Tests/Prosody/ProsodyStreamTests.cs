using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Prosody;

/// <summary>What the rendered config makes Prosody offer, checked over raw sockets.</summary>
[Collection(ProsodyFixture.Collection)]
public sealed class ProsodyStreamTests(ProsodyFixture fixture)
{
    private ProsodyOptions Options => fixture.Options;

    [Fact]
    public async Task AnonymousHost_OffersAnonymousWithoutTls()
    {
        await using var stream = await ConnectC2sAsync();

        string features = await stream.OpenClientStreamAsync(Options.Domain);

        Assert.Contains("<stream:stream", features);
        Assert.Contains("<mechanism>ANONYMOUS</mechanism>", features);
        Assert.Contains("urn:ietf:params:xml:ns:xmpp-tls", features);
    }

    [Fact]
    public async Task WebSocket_OnTheDefaultHost_OffersAnonymous()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("xmpp");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(Options.WebSocketUrl), timeout.Token);

        // RFC 7395 §3.4: one stanza or framing element per WebSocket message.
        await socket.SendAsync(
            Encoding.UTF8.GetBytes($"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='{Options.Domain}' version='1.0'/>"),
            WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (!received.ToString().Contains("</stream:features>", StringComparison.Ordinal))
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        Assert.Equal("xmpp", socket.SubProtocol);
        Assert.Contains("<mechanism>ANONYMOUS</mechanism>", received.ToString());
    }

    [Fact]
    public async Task AuthHost_OffersStartTlsThenScramSha1()
    {
        await using var stream = await ConnectC2sAsync();

        string plain = await stream.OpenClientStreamAsync(Options.AuthDomain);
        await stream.StartTlsAsync(Options.AuthDomain, fixture.Server.CertificatePath);
        string secured = await stream.OpenClientStreamAsync(Options.AuthDomain);

        Assert.Contains("<stream:stream", plain);
        Assert.Matches("<starttls xmlns=['\"]urn:ietf:params:xml:ns:xmpp-tls['\"]>\\s*<required", plain);
        Assert.DoesNotContain("<mechanism>", plain);
        Assert.Contains("<mechanism>SCRAM-SHA-1</mechanism>", secured);
        Assert.DoesNotContain("<mechanism>ANONYMOUS</mechanism>", secured);
    }

    [Fact]
    public async Task BridgeAccount_LogsInWithScramSha1()
    {
        await using var stream = await ConnectC2sAsync();

        string jid = await RawLogin.ScramAsync(
            stream, Options.AuthDomain, fixture.Server.CertificatePath, Options.BridgeUsername, Options.BridgePassword, "bridge1");

        Assert.Equal($"{Options.BridgeAccountJid}/bridge1", jid);
    }

    [Fact]
    public async Task ComponentPort_AnswersAcceptStreamWithIdAndTakesTheSecret()
    {
        await using var stream = await RawXmppStream.ConnectAsync(Options.Host, Options.ComponentPort);

        await stream.SendAsync(
            $"<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='{Options.FocusComponent}'>");
        string header = await stream.ReadUntilAsync(new Regex("<stream:stream[^>]*>"));
        Match id = Regex.Match(header, "\\sid=['\"]([^'\"]+)['\"]");
        Assert.True(id.Success, header);

        // XEP-0114 §3: lower-case hex SHA-1 of stream id + secret.
        string digest = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id.Groups[1].Value + Options.ComponentSecret)));
        await stream.SendAsync($"<handshake>{digest}</handshake>");
        string reply = await stream.ReadUntilAsync(new Regex("<handshake\\s*/>|</handshake>|</stream:stream>|<stream:error"));
        Assert.Matches("<handshake\\s*/>|<handshake></handshake>", reply);
    }

    [Fact]
    public async Task Brewery_AdmitsTheBridgeAndRefusesAnonymousUsers()
    {
        await using var bridge = await ConnectC2sAsync();
        await RawLogin.ScramAsync(
            bridge, Options.AuthDomain, fixture.Server.CertificatePath, Options.BridgeUsername, Options.BridgePassword, "brewer");
        await using var web = await ConnectC2sAsync();
        await RawLogin.AnonymousAsync(web, Options.Domain);

        string bridgeJoin = await JoinAsync(bridge, $"{Options.BreweryJid}/bridge-a");
        string webJoin = await JoinAsync(web, $"{Options.BreweryJid}/intruder");
        string webCreate = await JoinAsync(web, $"other@{Options.InternalMucDomain}/intruder");

        Assert.DoesNotContain("type='error'", bridgeJoin);
        Assert.Contains("code='110'", bridgeJoin);
        AssertRefused("registration-required", webJoin);
        AssertRefused("not-allowed", webCreate);
    }

    [Fact]
    public async Task ConferenceRooms_CannotBeCreatedByAnonymousUsers()
    {
        await using var web = await ConnectC2sAsync();
        await RawLogin.AnonymousAsync(web, Options.Domain);

        string reply = await JoinAsync(web, $"standup@{Options.MucDomain}/alice");

        AssertRefused("not-allowed", reply);
    }

    /// <summary>An error presence with the given XMPP stanza error condition (RFC 6120 §8.3.3).</summary>
    private static void AssertRefused(string condition, string presence)
    {
        Assert.Contains("type='error'", presence);
        Assert.Contains($"<{condition} ", presence);
    }

    private Task<RawXmppStream> ConnectC2sAsync() => RawXmppStream.ConnectAsync(Options.Host, Options.C2sPort);

    /// <summary>XEP-0045 §7.2: enter a room; returns the first presence that comes back.</summary>
    /// <summary>Joins and returns our own presence (status 110) or the error; presences of occupants already in the
    /// room (other tests share the server) come first and are skipped.</summary>
    private static async Task<string> JoinAsync(RawXmppStream stream, string occupantJid)
    {
        await stream.SendAsync($"<presence to='{occupantJid}'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        for (var i = 0; i < 50; i++)
        {
            var presence = await stream.ReadElementAsync("presence");
            if (presence.Contains("code='110'", StringComparison.Ordinal) || presence.Contains("type='error'", StringComparison.Ordinal))
            {
                return presence;
            }
        }
        throw new InvalidOperationException($"no own presence from {occupantJid}");
    }
}
