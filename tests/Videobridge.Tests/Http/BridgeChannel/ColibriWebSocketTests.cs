using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Endpoint = Jitsi.Net.Videobridge.Conferences.Endpoint;

namespace Jitsi.Net.Videobridge.Tests.Http.BridgeChannel;

/// <summary>The colibri-ws endpoint on a real Kestrel listener on loopback, with real WebSocket clients.</summary>
public sealed class ColibriWebSocketTests : IAsyncLifetime
{
    private const string ServerId = "jvb-test";
    private WebApplication _app = null!;
    private int _port;
    private readonly ConferenceRegistry _conferences = new(TimeProvider.System);

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        builder.Services.AddSingleton(_conferences);
        builder.Services.AddSingleton<BridgeChannelDispatcher>();
        _app = builder.Build();
        ColibriWebSocket.Map(_app, ServerId, _port);
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private (Conference Conference, Endpoint A, Endpoint B, Endpoint C) NewConference()
    {
        var conference = _conferences.TryCreate(Guid.NewGuid().ToString(), "room")!;
        Endpoint Add(string id)
        {
            var e = new Endpoint(conference, id, null);
            Assert.True(conference.TryAddEndpoint(e));
            return e;
        }
        return (conference, Add("aaaa0001"), Add("bbbb0002"), Add("cccc0003"));
    }

    private string Url(Endpoint e) => ColibriWebSocket.UrlFor($"ws://127.0.0.1:{_port}", ServerId, e);

    private static async Task<ClientWebSocket> OpenAsync(string url)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(url), new CancellationTokenSource(5000).Token);
        return socket;
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(5000);
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    [Fact]
    public async Task ServerHelloOnOpenThenEndpointMessagesAreRelayedWithFromSetByTheBridge()
    {
        var (_, a, b, c) = NewConference();
        using var sa = await OpenAsync(Url(a));
        using var sb = await OpenAsync(Url(b));
        using var sc = await OpenAsync(Url(c));
        foreach (var s in new[] { sa, sb, sc })
        {
            Assert.Equal("ServerHello", (await ReceiveAsync(s)).GetProperty("colibriClass").GetString());
        }

        await SendAsync(sa, """{"colibriClass":"EndpointMessage","to":"bbbb0002","msgPayload":{"n":1},"from":"forged"}""");
        var direct = await ReceiveAsync(sb);
        Assert.Equal("aaaa0001", direct.GetProperty("from").GetString());
        Assert.Equal(1, direct.GetProperty("msgPayload").GetProperty("n").GetInt32());

        await SendAsync(sb, """{"colibriClass":"EndpointMessage","to":"","msgPayload":{"n":2}}""");
        Assert.Equal("bbbb0002", (await ReceiveAsync(sa)).GetProperty("from").GetString());
        Assert.Equal(2, (await ReceiveAsync(sc)).GetProperty("msgPayload").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task BadJsonIsIgnoredAndTheConnectionStaysUp()
    {
        var (_, a, b, _) = NewConference();
        using var sa = await OpenAsync(Url(a));
        using var sb = await OpenAsync(Url(b));
        await ReceiveAsync(sa);
        await ReceiveAsync(sb);
        foreach (var bad in new[] { "not json", "[1]", """{"colibriClass":"EndpointMessage","to":"x","to":"y"}""", """{"colibriClass":"Nope"}""", """{"colibriClass":"ReceiverVideoConstraints","lastN":"x"}""" })
        {
            await SendAsync(sa, bad);
        }
        await SendAsync(sa, """{"colibriClass":"ClientHello"}""");
        Assert.Equal("ServerHello", (await ReceiveAsync(sa)).GetProperty("colibriClass").GetString());
        Assert.Equal(WebSocketState.Open, sa.State);
        var dispatcher = _app.Services.GetRequiredService<BridgeChannelDispatcher>();
        Assert.True(Interlocked.Read(ref dispatcher.Malformed) >= 4);
    }

    [Fact]
    public async Task ReceiverVideoConstraintsArePartialUpdates()
    {
        var (_, a, _, _) = NewConference();
        Assert.False(a.VideoConstraintsReceived);
        using var sa = await OpenAsync(Url(a));
        await ReceiveAsync(sa);
        await SendAsync(sa, """{"colibriClass":"ReceiverVideoConstraints","lastN":5,"constraints":{"bbbb0002-v0":{"maxHeight":720}}}""");
        await SendAsync(sa, """{"colibriClass":"ReceiverVideoConstraints","onStageSources":["bbbb0002-v0"]}""");
        await SendAsync(sa, """{"colibriClass":"ClientHello"}""");
        await ReceiveAsync(sa);
        var constraints = a.VideoConstraints;
        Assert.True(a.VideoConstraintsReceived);
        Assert.Equal(5, constraints.LastN);
        Assert.Equal(["bbbb0002-v0"], constraints.OnStageSources!);
        Assert.Equal(720, constraints.Constraints!["bbbb0002-v0"].MaxHeight);
        Assert.Equal(180, constraints.DefaultConstraints!.Value.MaxHeight);
    }

    [Fact]
    public async Task WrongServerIdIs404AndWrongPasswordOrEndpointIs403WithTheSameText()
    {
        var (conference, a, _, _) = NewConference();
        using var http = new HttpClient();
        var wrongServer = await http.GetAsync($"http://127.0.0.1:{_port}/colibri-ws/other/{conference.Id}/{a.Id}?pwd={a.WebSocketPassword}");
        Assert.Equal(HttpStatusCode.NotFound, wrongServer.StatusCode);
        foreach (var url in new[]
        {
            $"/colibri-ws/{ServerId}/{conference.Id}/{a.Id}?pwd=wrong",
            $"/colibri-ws/{ServerId}/{conference.Id}/nobody?pwd={a.WebSocketPassword}",
            $"/colibri-ws/{ServerId}/ffffffff/{a.Id}?pwd={a.WebSocketPassword}",
            $"/colibri-ws/{ServerId}/{conference.Id}/{a.Id}",
        })
        {
            var response = await http.GetAsync($"http://127.0.0.1:{_port}{url}");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("authentication failed", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ExpiringTheEndpointClosesItsChannel()
    {
        var (conference, a, _, _) = NewConference();
        using var sa = await OpenAsync(Url(a));
        await ReceiveAsync(sa);
        conference.RemoveEndpoint(a.Id);
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(5000);
        var result = await sa.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
    }
}
