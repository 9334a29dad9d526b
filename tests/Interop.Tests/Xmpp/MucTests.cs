using System.Xml.Linq;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.Interop.Tests.Xmpp.XmppTestClients;

namespace Jitsi.Net.Interop.Tests.Xmpp;

/// <summary>XEP-0045 through a real Prosody MUC with the focus as a component occupant.</summary>
public abstract class MucTests(IXmppServer prosody)
{
    private Jid NewRoom() => Jid.Parse($"room{Guid.NewGuid():N}@{prosody.Options.MucDomain}");

    private Jid FocusOccupant => Jid.Parse(prosody.Options.FocusComponent + "/focus");

    [Fact]
    public async Task FocusCreatesAndConfiguresARoomAndSeesOccupantsWithRealJidsAndExtensions()
    {
        var focusRouter = NewRouter();
        await using var focus = await ComponentAsync(prosody, focusRouter);
        var focusMuc = new MucClient(focusRouter, focus, FocusOccupant);
        var roomJid = NewRoom();
        var room = await focusMuc.JoinAsync(roomJid, "focus", configure: form => form.Set("muc#roomconfig_whois", "anyone"));
        Assert.True(room.Created);
        Assert.Equal("owner", room.Self!.Affiliation);

        var userRouter = NewRouter();
        await using var user = await ClientAsync(AnonymousOptions(prosody), userRouter);
        var userMuc = new MucClient(userRouter, user);
        var joined = new TaskCompletionSource<MucOccupant>(TaskCreationOptions.RunContinuationsAsynchronously);
        room.OccupantJoined += o => joined.TrySetResult(o);
        var userRoom = await userMuc.JoinAsync(roomJid, "abcd1234", [new XElement(Namespaces.Client + "stats-id", "Dominic-8Ep")]);
        Assert.False(userRoom.Created);

        var seenByFocus = await joined.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("abcd1234", seenByFocus.Nickname);
        Assert.Equal(user.LocalJid, seenByFocus.RealJid);
        Assert.Equal("Dominic-8Ep", seenByFocus.Extension(Namespaces.Client + "stats-id")?.Value);

        // The user sees the focus with its real JID too (muc#roomconfig_whois=anyone), which is how Jitsi clients trust it.
        var focusSeenByUser = Assert.Single(userRoom.Occupants.Values);
        Assert.Equal("focus", focusSeenByUser.Nickname);
        Assert.Equal(FocusOccupant, focusSeenByUser.RealJid);
    }

    [Fact]
    public async Task PresenceExtensionUpdatesReachOtherOccupants()
    {
        var focusRouter = NewRouter();
        await using var focus = await ComponentAsync(prosody, focusRouter);
        var roomJid = NewRoom();
        var room = await new MucClient(focusRouter, focus, FocusOccupant).JoinAsync(roomJid, "focus");
        var aRouter = NewRouter();
        var bRouter = NewRouter();
        await using var a = await ClientAsync(AnonymousOptions(prosody), aRouter);
        await using var b = await ClientAsync(AnonymousOptions(prosody), bRouter);
        var aRoom = await new MucClient(aRouter, a).JoinAsync(roomJid, "aaaa0001");
        var bRoom = await new MucClient(bRouter, b).JoinAsync(roomJid, "bbbb0002");
        var changed = new TaskCompletionSource<MucOccupant>(TaskCreationOptions.RunContinuationsAsynchronously);
        bRoom.OccupantChanged += o => { if (o.Nickname == "aaaa0001") { changed.TrySetResult(o); } };
        await aRoom.SetPresenceAsync([new XElement(Namespaces.Client + "SourceInfo", "{\"aaaa0001-a0\":{\"muted\":true}}")]);
        var updated = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("{\"aaaa0001-a0\":{\"muted\":true}}", updated.Extension(Namespaces.Client + "SourceInfo")?.Value);

        var left = new TaskCompletionSource<MucOccupant>(TaskCreationOptions.RunContinuationsAsynchronously);
        room.OccupantLeft += o => left.TrySetResult(o);
        await aRoom.LeaveAsync();
        Assert.Equal("aaaa0001", (await left.Task.WaitAsync(TimeSpan.FromSeconds(10))).Nickname);
        Assert.False(room.Occupants.ContainsKey("aaaa0001"));
    }

    [Fact]
    public async Task AnonymousUsersCannotCreateRooms()
    {
        var router = NewRouter();
        await using var user = await ClientAsync(AnonymousOptions(prosody), router);
        var e = await Assert.ThrowsAsync<StanzaErrorException>(() => new MucClient(router, user).JoinAsync(NewRoom(), "cccc0003"));
        Assert.Contains(e.Error.Condition, new[] { StanzaErrorCondition.NotAllowed, StanzaErrorCondition.Forbidden, StanzaErrorCondition.ItemNotFound });
    }

    [Fact]
    public async Task AnonymousUsersCannotEnterTheBrewery()
    {
        var bridgeRouter = NewRouter();
        await using var bridge = await ClientAsync(BridgeOptions(prosody), bridgeRouter);
        var brewery = await new MucClient(bridgeRouter, bridge).JoinAsync(Jid.Parse(prosody.Options.BreweryJid), "bridge-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.True(brewery.IsJoined);

        var router = NewRouter();
        await using var user = await ClientAsync(AnonymousOptions(prosody), router);
        await Assert.ThrowsAsync<StanzaErrorException>(() => new MucClient(router, user).JoinAsync(Jid.Parse(prosody.Options.BreweryJid), "intruder"));
        Assert.DoesNotContain(brewery.Occupants.Values, o => o.Nickname == "intruder");
    }

    [Fact]
    public async Task IqToTheFocusOccupantReachesTheComponentAndTheReplyComesBack()
    {
        // The path every Jingle IQ takes: client → room@conference/focus → Prosody MUC → focus.<domain>/focus → back.
        var focusRouter = NewRouter();
        var seenFrom = new TaskCompletionSource<Jid?>(TaskCreationOptions.RunContinuationsAsynchronously);
        focusRouter.HandleIq(IqType.Set, XName.Get("jingle", "urn:xmpp:jingle:1"), (iq, _) =>
        {
            seenFrom.TrySetResult(iq.From);
            return Task.FromResult<XElement?>(null);
        });
        await using var focus = await ComponentAsync(prosody, focusRouter);
        var roomJid = NewRoom();
        await new MucClient(focusRouter, focus, FocusOccupant).JoinAsync(roomJid, "focus", configure: f => f.Set("muc#roomconfig_whois", "anyone"));
        var userRouter = NewRouter();
        await using var user = await ClientAsync(AnonymousOptions(prosody), userRouter);
        await new MucClient(userRouter, user).JoinAsync(roomJid, "dddd0004");

        var reply = await user.RequestAsync(new Iq(IqType.Set, roomJid.WithResource("focus"),
            new XElement(XName.Get("jingle", "urn:xmpp:jingle:1"), new XAttribute("action", "session-accept"), new XAttribute("sid", "s1"))));
        Assert.Equal(IqType.Result, reply.Type);
        Assert.Equal(roomJid.WithResource("focus"), reply.From);
        // The component sees the sender as its occupant JID in the room.
        Assert.Equal(roomJid.WithResource("dddd0004"), await seenFrom.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task GroupChatMessagesReachTheOtherOccupants()
    {
        var focusRouter = NewRouter();
        await using var focus = await ComponentAsync(prosody, focusRouter);
        var roomJid = NewRoom();
        var room = await new MucClient(focusRouter, focus, FocusOccupant).JoinAsync(roomJid, "focus");
        var received = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        room.MessageReceived += m => { if (m.From?.Resource == "eeee0005") { received.TrySetResult(m); } };
        var userRouter = NewRouter();
        await using var user = await ClientAsync(AnonymousOptions(prosody), userRouter);
        var userRoom = await new MucClient(userRouter, user).JoinAsync(roomJid, "eeee0005");
        await userRoom.SendMessageAsync("hello room");
        Assert.Equal("hello room", (await received.Task.WaitAsync(TimeSpan.FromSeconds(10))).Body);
    }
}

[Collection(ProsodyFixture.Collection)]
public sealed class MucTestsOnProsody(ProsodyFixture server) : MucTests(server);

[Collection(EjabberdFixture.Collection)]
public sealed class MucTestsOnEjabberd(EjabberdFixture server) : MucTests(server);
