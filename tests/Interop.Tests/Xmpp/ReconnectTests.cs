using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.Prosody;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.Interop.Tests.Xmpp.XmppTestClients;

namespace Jitsi.Net.Interop.Tests.Xmpp;

/// <summary>Reconnect with back-off and MUC re-join after the server restarts (its own Prosody, so the shared one stays up).</summary>
public sealed class ReconnectTests : IAsyncLifetime
{
    private readonly ProsodyFixture _prosody = new();

    public Task InitializeAsync() => _prosody.InitializeAsync();

    public Task DisposeAsync() => _prosody.DisposeAsync();

    [Fact]
    public async Task ComponentAndBridgeReconnectAndRejoinTheBreweryAfterARestart()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var focusRouter = NewRouter();
        var focus = new ReconnectingConnection((r, ct) => ComponentConnector.ConnectAsync(ComponentOptions(_prosody), r, null, null, ct), focusRouter)
        {
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(2),
        };
        var focusMuc = new MucClient(focusRouter, focus, Jid.Parse(_prosody.Options.FocusComponent + "/focus"));
        var bridgeRouter = NewRouter();
        var bridgeOptions = BridgeOptions(_prosody);
        var bridge = new ReconnectingConnection((r, ct) => ClientConnector.ConnectAsync(bridgeOptions, r, null, null, ct), bridgeRouter)
        {
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(2),
        };
        var bridgeMuc = new MucClient(bridgeRouter, bridge);
        var focusRun = focus.RunAsync(stop.Token);
        var bridgeRun = bridge.RunAsync(stop.Token);
        await focus.WaitConnectedAsync(stop.Token);
        await bridge.WaitConnectedAsync(stop.Token);
        var brewery = Jid.Parse(_prosody.Options.BreweryJid);
        var focusRoom = await focusMuc.JoinAsync(brewery, "focus", cancellationToken: stop.Token);
        await bridgeMuc.JoinAsync(brewery, "bridge-1", cancellationToken: stop.Token);
        await WaitUntilAsync(() => focusRoom.Occupants.ContainsKey("bridge-1"), stop.Token);

        await _prosody.Server.RestartAsync(stop.Token);

        await WaitUntilAsync(() => focus.ConnectCount >= 2 && bridge.ConnectCount >= 2 && focus.IsConnected && bridge.IsConnected, stop.Token);
        await WaitUntilAsync(() => focusRoom.IsJoined && focusRoom.Occupants.ContainsKey("bridge-1"), stop.Token);
        Assert.Equal(IqType.Result, (await bridge.RequestAsync(Ping(Jid.Parse(_prosody.Options.FocusComponent)), cancellationToken: stop.Token)).Type);

        await stop.CancelAsync();
        await Task.WhenAll(focusRun, bridgeRun);
        await focus.DisposeAsync();
        await bridge.DisposeAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
