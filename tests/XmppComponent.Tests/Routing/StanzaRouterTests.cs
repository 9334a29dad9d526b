using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Routing;

public sealed class StanzaRouterTests
{
    private static readonly XNamespace Test = "urn:test";

    private static Iq Request(string xml) => new(XElement.Parse(xml));

    private static async Task<Iq> DispatchAsync(StanzaRouter router, string xml)
    {
        var sender = new RecordingSender();
        await router.DispatchAsync(Request(xml), sender);
        return (Iq)Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task HandlerResultBecomesAResultWithTheSameIdAndSwappedAddresses()
    {
        var router = new StanzaRouter();
        router.HandleIq(IqType.Get, Test + "q", (iq, _) => Task.FromResult<XElement?>(new XElement(Test + "q", new XAttribute("answer", "42"))));
        var reply = await DispatchAsync(router, "<iq xmlns='jabber:client' type='get' id='1' from='u@d/r' to='focus.d'><q xmlns='urn:test'/></iq>");
        Assert.Equal(IqType.Result, reply.Type);
        Assert.Equal("1", reply.Id);
        Assert.Equal("u@d/r", reply.To?.ToString());
        Assert.Equal("focus.d", reply.From?.ToString());
        Assert.Equal("42", (string?)reply.Payload!.Attribute("answer"));
    }

    [Fact]
    public async Task UnhandledGetOrSetIsServiceUnavailable()
    {
        var router = new StanzaRouter();
        router.HandleIq(IqType.Get, Test + "q", (_, _) => Task.FromResult<XElement?>(null));
        var set = await DispatchAsync(router, "<iq xmlns='jabber:client' type='set' id='2' from='u@d/r'><q xmlns='urn:test'/></iq>");
        var other = await DispatchAsync(router, "<iq xmlns='jabber:client' type='get' id='3' from='u@d/r'><unknown xmlns='urn:other'/></iq>");
        Assert.Equal(StanzaErrorCondition.ServiceUnavailable, set.Error?.Condition);
        Assert.Equal(StanzaErrorCondition.ServiceUnavailable, other.Error?.Condition);
        Assert.Equal("urn:other", other.Payload?.Name.NamespaceName);
    }

    [Fact]
    public async Task HandlerExceptionIsInternalServerErrorAndTheRouterGoesOn()
    {
        var router = new StanzaRouter();
        router.HandleIq(IqType.Get, Test + "boom", (_, _) => throw new InvalidOperationException("bug"));
        router.HandleIq(IqType.Get, Test + "ok", (_, _) => Task.FromResult<XElement?>(null));
        var failed = await DispatchAsync(router, "<iq xmlns='jabber:client' type='get' id='4' from='u@d/r'><boom xmlns='urn:test'/></iq>");
        var ok = await DispatchAsync(router, "<iq xmlns='jabber:client' type='get' id='5' from='u@d/r'><ok xmlns='urn:test'/></iq>");
        Assert.Equal(StanzaErrorCondition.InternalServerError, failed.Error?.Condition);
        Assert.Equal(IqType.Result, ok.Type);
    }

    [Fact]
    public async Task StanzaErrorExceptionIsAnsweredAsThatError()
    {
        var router = new StanzaRouter();
        router.HandleIq(IqType.Set, Test + "q", (_, _) => throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.Conflict, "taken")));
        var reply = await DispatchAsync(router, "<iq xmlns='jabber:client' type='set' id='6' from='u@d/r'><q xmlns='urn:test'/></iq>");
        Assert.Equal(StanzaErrorCondition.Conflict, reply.Error?.Condition);
        Assert.Equal("taken", reply.Error?.Text);
    }

    [Theory]
    [InlineData("<iq xmlns='jabber:client' type='get' from='u@d/r'><q xmlns='urn:test'/></iq>", StanzaErrorCondition.BadRequest)]
    [InlineData("<iq xmlns='jabber:client' type='fetch' id='7' from='u@d/r'><q xmlns='urn:test'/></iq>", StanzaErrorCondition.BadRequest)]
    [InlineData("<iq xmlns='jabber:client' type='get' id='8' from='u@d/r'><q xmlns='urn:test'/><q xmlns='urn:test'/></iq>", StanzaErrorCondition.BadRequest)]
    [InlineData("<iq xmlns='jabber:client' type='get' id='9' from='u@d/r'/>", StanzaErrorCondition.BadRequest)]
    [InlineData("<iq xmlns='jabber:client' type='get' id='10' from='u@d/r' to='bad@@jid'><q xmlns='urn:test'/></iq>", StanzaErrorCondition.JidMalformed)]
    public async Task MalformedIqsGetTheRightError(string xml, StanzaErrorCondition condition)
    {
        var router = new StanzaRouter();
        router.HandleIq(IqType.Get, Test + "q", (_, _) => Task.FromResult<XElement?>(null));
        var reply = await DispatchAsync(router, xml);
        Assert.Equal(IqType.Error, reply.Type);
        Assert.Equal(condition, reply.Error?.Condition);
    }

    [Fact]
    public async Task ResultsAndErrorsAreNeverAnswered()
    {
        var router = new StanzaRouter();
        var sender = new RecordingSender();
        await router.DispatchAsync(Request("<iq xmlns='jabber:client' type='result' id='zz' from='u@d/r'/>"), sender);
        await router.DispatchAsync(Request("<iq xmlns='jabber:client' type='error' id='zz' from='u@d/r'/>"), sender);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task PresenceHandlersFilterByChildAndAllMatchingOnesRun()
    {
        var router = new StanzaRouter();
        var seen = new List<string>();
        router.HandlePresence(p => { seen.Add("all"); return Task.CompletedTask; });
        router.HandlePresence(p => { seen.Add("muc"); return Task.CompletedTask; }, XName.Get("x", "http://jabber.org/protocol/muc#user"));
        router.HandlePresence(_ => throw new InvalidOperationException("bug"));
        router.HandlePresence(p => { seen.Add("after-failure"); return Task.CompletedTask; });
        await router.DispatchAsync(new Presence(XElement.Parse("<presence xmlns='jabber:client' from='r@c/n'/>")), new RecordingSender());
        Assert.Equal(["all", "after-failure"], seen);
    }
}
