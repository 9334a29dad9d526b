using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>The focus process answering conference requests and running the room, with scripted participants
/// (our XMPP layer, anonymous logins) on a real Prosody.</summary>
[SupportedOSPlatform("linux")]
public sealed class ConferenceRequestTests(StackFixture stack) : IClassFixture<StackFixture>
{
    private static readonly XNamespace FocusNs = "http://jitsi.org/protocol/focus";

    private string MucDomain => "conference." + stack.Domain;

    private async Task<(XmppSession Session, StanzaRouter Router)> UserAsync()
    {
        var router = new StanzaRouter(new IQCaller(null, TimeSpan.FromSeconds(20)));
        var session = await StackClients.AnonymousAsync(stack, router);
        return (session, router);
    }

    private async Task<Iq> RequestAsync(XmppSession user, string room) =>
        await user.RequestAsync(new Iq(IqType.Set, Jid.Parse("focus." + stack.Domain),
            new XElement(FocusNs + "conference", new XAttribute("room", room), new XAttribute("machine-uid", "m1"),
                new XElement(FocusNs + "property", new XAttribute("name", "visitors-version"), new XAttribute("value", "1")))));

    [Fact]
    public async Task ReadyOnlyAfterTheFocusOwnsTheRoomThenParticipantsGetOwnershipInTurn()
    {
        var room = $"standup{Guid.NewGuid():N}@{MucDomain}";
        var (alice, aliceRouter) = await UserAsync();
        await using var aliceOwned = alice;
        var reply = await RequestAsync(alice, room);
        var conference = reply.Payload!;
        Assert.Equal("true", (string?)conference.Attribute("ready"));
        Assert.Equal("focus." + stack.Domain, (string?)conference.Attribute("focusjid"));
        Assert.Equal(room, (string?)conference.Attribute("room"));
        Assert.Contains(conference.Elements(FocusNs + "property"), p => (string?)p.Attribute("name") == "authentication");

        // The room exists and the focus is in it, recognisable by its real JID (focusjid + "/").
        var aliceRoom = await new MucClient(aliceRouter, alice).JoinAsync(Jid.Parse(room), "a1b2c3d4");
        Assert.False(aliceRoom.Created, "the focus must have created the room before answering ready");
        var focus = Assert.Single(aliceRoom.Occupants.Values);
        Assert.Equal("focus", focus.Nickname);
        Assert.StartsWith("focus." + stack.Domain + "/", focus.RealJid?.ToString(), StringComparison.Ordinal);
        Assert.Equal("owner", focus.Affiliation);
        Assert.NotNull(focus.Extension(FocusNs + "conference-properties"));
        // A bridge is connected, so no bridgeNotAvailable.
        await WaitUntilAsync(() => aliceRoom.Occupants.TryGetValue("focus", out var f) && f.Extension(FocusNs + "bridgeNotAvailable") is null);

        // The first participant becomes owner.
        await WaitUntilAsync(() => aliceRoom.Self?.Affiliation == "owner");

        var (bob, bobRouter) = await UserAsync();
        await using var bobOwned = bob;
        Assert.Equal("true", (string?)(await RequestAsync(bob, room)).Payload!.Attribute("ready"));
        var bobRoom = await new MucClient(bobRouter, bob).JoinAsync(Jid.Parse(room), "e5f6a7b8");
        Assert.NotEqual("owner", bobRoom.Self?.Affiliation);

        // When the owner leaves, the next participant becomes owner.
        await aliceRoom.LeaveAsync();
        await WaitUntilAsync(() => bobRoom.Self?.Affiliation == "owner");

        // When the last participant leaves, the focus leaves and the conference ends.
        var focusLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bobRoom.OccupantLeft += o => { if (o.Nickname == "focus") { focusLeft.TrySetResult(); } };
        await bobRoom.LeaveAsync();
        using var http = new HttpClient();
        await WaitUntilAsync(async () =>
        {
            var stats = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{stack.Options.FocusHttpPort}/stats");
            return !stats.GetProperty("conferences").EnumerateArray().Any(c => c.GetProperty("room").GetString() == room);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a jid")]
    [InlineData("room@elsewhere.example")]
    [InlineData("conference-service-only")]
    public async Task BadRoomsAreBadRequests(string room)
    {
        var (user, _) = await UserAsync();
        await using var owned = user;
        var e = await Assert.ThrowsAsync<StanzaErrorException>(() => RequestAsync(user, room == "conference-service-only" ? MucDomain : room));
        Assert.Equal(StanzaErrorCondition.BadRequest, e.Error.Condition);
    }

    [Fact]
    public async Task HttpConferenceRequestUsesCamelCaseFocusJid()
    {
        using var http = new HttpClient();
        var room = $"http{Guid.NewGuid():N}@{MucDomain}";
        var response = await http.PostAsJsonAsync($"http://127.0.0.1:{stack.Options.FocusHttpPort}/conference-request/v1", new { room, properties = new Dictionary<string, string>() });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal("focus." + stack.Domain, body.GetProperty("focusJid").GetString());
        var bad = await http.PostAsJsonAsync($"http://127.0.0.1:{stack.Options.FocusHttpPort}/conference-request/v1", new { room = "nope" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
