using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.XmppComponent.Tests.Routing;

public sealed class IQCallerTests
{
    private static readonly XElement Ping = new(XName.Get("ping", "urn:xmpp:ping"));

    [Fact]
    public async Task ResultWithSameIdFromThePeerCompletesTheRequest()
    {
        var caller = new IQCaller();
        var sender = new RecordingSender();
        var task = caller.RequestAsync(sender, new Iq(IqType.Get, Jid.Parse("jvb@auth.d/b1"), new XElement(Ping)));
        var sent = (Iq)Assert.Single(sender.Sent);
        Assert.NotNull(sent.Id);
        var reply = new Iq(IqType.Result, null, null, sent.Id) { From = Jid.Parse("jvb@auth.d/b1") };
        Assert.True(caller.TryComplete(reply));
        Assert.Same(reply, await task);
        Assert.Equal(0, caller.PendingCount);
    }

    [Fact]
    public async Task ReplyFromSomeoneElseIsIgnored()
    {
        var time = new FakeTimeProvider();
        var caller = new IQCaller(time, TimeSpan.FromSeconds(5));
        var sender = new RecordingSender();
        var task = caller.RequestAsync(sender, new Iq(IqType.Get, Jid.Parse("jvb@auth.d/b1"), new XElement(Ping)));
        var id = Assert.Single(sender.Sent).Id;
        Assert.False(caller.TryComplete(new Iq(IqType.Result, null, null, id) { From = Jid.Parse("mallory@d/x") }));
        Assert.False(task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<IQTimeoutException>(() => task);
    }

    [Fact]
    public async Task NoReplyTimesOutWithAClearMessage()
    {
        var time = new FakeTimeProvider();
        var caller = new IQCaller(time, TimeSpan.FromSeconds(15));
        var task = caller.RequestAsync(new RecordingSender(), new Iq(IqType.Set, Jid.Parse("jvbbrewery@internal.d/b1"), new XElement(XName.Get("conference-modify", "jitsi:colibri2"))));
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var e = await Assert.ThrowsAsync<IQTimeoutException>(() => task);
        Assert.Contains("jvbbrewery@internal.d/b1", e.Message, StringComparison.Ordinal);
        Assert.Contains("conference-modify", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, caller.PendingCount);
    }

    [Fact]
    public async Task ErrorReplyThrowsATypedException()
    {
        var caller = new IQCaller();
        var sender = new RecordingSender();
        var task = caller.RequestAsync(sender, new Iq(IqType.Get, Jid.Parse("a@b"), new XElement(Ping)));
        var request = (Iq)Assert.Single(sender.Sent);
        var error = new Iq(XElement.Parse($"<iq xmlns='jabber:client' type='error' id='{request.Id}' from='a@b'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
        Assert.True(caller.TryComplete(error));
        var e = await Assert.ThrowsAsync<StanzaErrorException>(() => task);
        Assert.Equal(StanzaErrorCondition.ItemNotFound, e.Error.Condition);
    }

    [Fact]
    public async Task RequestWithoutToAcceptsAReplyFromOurServerOrWithoutFrom()
    {
        var caller = new IQCaller();
        var sender = new RecordingSender(Jid.Parse("jvb@auth.d/b1"));
        var first = caller.RequestAsync(sender, new Iq(IqType.Get, null, new XElement(Ping)));
        var second = caller.RequestAsync(sender, new Iq(IqType.Get, null, new XElement(Ping)));
        var ids = sender.Sent.Select(s => s.Id).ToArray();
        Assert.True(caller.TryComplete(new Iq(IqType.Result, null, null, ids[0]) { From = Jid.Parse("jvb@auth.d") }));
        Assert.True(caller.TryComplete(new Iq(IqType.Result, null, null, ids[1])));
        await first;
        await second;
    }

    [Fact]
    public async Task FailAllFailsPendingRequests()
    {
        var caller = new IQCaller();
        var task = caller.RequestAsync(new RecordingSender(), new Iq(IqType.Get, Jid.Parse("a@b"), new XElement(Ping)));
        caller.FailAll(new IOException("gone"));
        await Assert.ThrowsAsync<IOException>(() => task);
    }
}
