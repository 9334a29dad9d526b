using System.Xml.Linq;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Prosody;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.Interop.Tests.Xmpp.XmppTestClients;

namespace Jitsi.Net.Interop.Tests.Xmpp;

/// <summary>
/// Malformed input through a real Prosody: each is answered with the right error or a stream close, nothing hangs,
/// and the focus component on the same server keeps answering.
/// </summary>
public abstract class BadInputTests(IXmppServer prosody)
{
    private string ClientHeader(string streamNamespace = "http://etherx.jabber.org/streams") =>
        $"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='{streamNamespace}' to='{prosody.Options.Domain}' version='1.0'>";

    private async Task<(string Text, bool Closed)> SendRawAsync(string text, string? marker = null)
    {
        await using var raw = await RawXmppStream.ConnectAsync(prosody.Options.Host, prosody.Options.C2sPort);
        await raw.SendUntilClosedAsync(text);
        return await raw.ReadUntilClosedAsync(marker);
    }

    private static async Task AssertStillAnsweringAsync(Jitsi.Net.XmppComponent.Connections.XmppSession component, Jitsi.Net.XmppComponent.Connections.XmppSession user)
    {
        Assert.True(component.IsOpen);
        var reply = await user.RequestAsync(Ping(component.LocalJid));
        Assert.Equal(IqType.Result, reply.Type);
    }

    [Fact]
    public async Task BrokenClientStreamsAreClosedAndTheComponentIsUnaffected()
    {
        await using var component = await ComponentAsync(prosody);
        await using var user = await ClientAsync(AnonymousOptions(prosody));

        var wrongNamespace = await SendRawAsync(ClientHeader("urn:not-the-streams-namespace"), "</stream:stream>");
        Assert.Contains("invalid-namespace", wrongNamespace.Text, StringComparison.Ordinal);

        var entities = await SendRawAsync("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]>" + ClientHeader());
        Assert.True(entities.Closed, "a DTD must close the connection");
        Assert.DoesNotContain("lollol", entities.Text, StringComparison.Ordinal);

        var huge = await SendRawAsync(ClientHeader() + "<message to='x@y'><body>" + new string('z', 1024 * 1024) + "</body></message>");
        Assert.True(huge.Closed, "a 1 MiB stanza must close the connection");

        var truncated = await SendRawAsync(ClientHeader() + "<iq type='get' id='t1'><query xmlns='jabber:iq:version'", "<stream:features");
        Assert.Contains("<stream:features", truncated.Text, StringComparison.Ordinal);

        var notXml = await SendRawAsync(ClientHeader() + "<<<>>>");
        Assert.True(notXml.Closed);

        await AssertStillAnsweringAsync(component, user);
    }

    [Fact]
    public async Task MalformedIqsReachingTheComponentGetTheRightErrors()
    {
        var componentRouter = NewRouter();
        componentRouter.HandleIq(IqType.Get, Test + "boom", (_, _) => throw new InvalidOperationException("handler bug"));
        await using var component = await ComponentAsync(prosody, componentRouter);
        await using var user = await ClientAsync(AnonymousOptions(prosody));

        // No handler for the payload → service-unavailable.
        var unknown = await Assert.ThrowsAsync<StanzaErrorException>(() =>
            user.RequestAsync(new Iq(IqType.Get, component.LocalJid, new XElement(XName.Get("unknown", "urn:nobody")))));
        Assert.Equal(StanzaErrorCondition.ServiceUnavailable, unknown.Error.Condition);

        // A failing handler → internal-server-error, and the component goes on.
        var boom = await Assert.ThrowsAsync<StanzaErrorException>(() =>
            user.RequestAsync(new Iq(IqType.Get, component.LocalJid, new XElement(Test + "boom"))));
        Assert.Equal(StanzaErrorCondition.InternalServerError, boom.Error.Condition);

        // Two payloads → bad-request.
        var two = new Iq(IqType.Get, component.LocalJid, new XElement(Test + "a")) { Id = "two-payloads" };
        two.Element.Add(new XElement(Test + "b"));
        var twoReply = await WaitForReplyAsync(user, two, "two-payloads");
        Assert.Equal(StanzaErrorCondition.BadRequest, twoReply.Error?.Condition);

        // No id → bad-request (the reply cannot carry an id either).
        var noId = new Iq(IqType.Get, component.LocalJid, new XElement(Test + "noid"));
        var noIdReply = await WaitForReplyAsync(user, noId, null);
        Assert.Equal(StanzaErrorCondition.BadRequest, noIdReply.Error?.Condition);

        await AssertStillAnsweringAsync(component, user);
    }

    [Fact]
    public async Task InvalidAddressesAreRefusedByTheServerWithoutHarm()
    {
        await using var component = await ComponentAsync(prosody);
        await using var user = await ClientAsync(AnonymousOptions(prosody));
        var bad = new Iq(IqType.Get, null, new XElement(XName.Get("ping", "urn:xmpp:ping"))) { Id = "badjid" };
        bad.Element.SetAttributeValue("to", "a@@b");
        var reply = await WaitForReplyAsync(user, bad, "badjid", allowClose: true);
        if (reply is not null)
        {
            // Prosody answers jid-malformed; ejabberd answers bad-request.
            Assert.Contains(reply.Error?.Condition, new StanzaErrorCondition?[] { StanzaErrorCondition.JidMalformed, StanzaErrorCondition.BadRequest });
        }
        await using var fresh = await ClientAsync(AnonymousOptions(prosody));
        await AssertStillAnsweringAsync(component, fresh);
    }

    /// <summary>Sends a raw IQ that the IQ caller could not match and waits for the error reply on the wire.</summary>
    private static async Task<Iq> WaitForReplyAsync(Jitsi.Net.XmppComponent.Connections.XmppSession session, Iq request, string? id, bool allowClose = false)
    {
        var reply = new TaskCompletionSource<Iq>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Received += stanza =>
        {
            if (stanza is Iq { Type: IqType.Error } iq && iq.Id == id)
            {
                reply.TrySetResult(iq);
            }
        };
        await session.SendAsync(request);
        var done = await Task.WhenAny(reply.Task, session.Completion, Task.Delay(TimeSpan.FromSeconds(10)));
        if (done == reply.Task)
        {
            return await reply.Task;
        }
        Assert.True(allowClose && done == session.Completion, "no error reply within 10 s");
        return null!;
    }
}

[Collection(ProsodyFixture.Collection)]
public sealed class BadInputTestsOnProsody(ProsodyFixture server) : BadInputTests(server);

[Collection(EjabberdFixture.Collection)]
public sealed class BadInputTestsOnEjabberd(EjabberdFixture server) : BadInputTests(server);
