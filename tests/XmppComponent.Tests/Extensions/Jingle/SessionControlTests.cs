using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>PROTOCOL.md §2.4 and §2.6: transport-info both ways, session-info (ICE restart), session-terminate.</summary>
public sealed class SessionControlTests
{
    private static JingleElement Load(string name) => new(ProtocolSample.Load(name).Element(JingleElement.ElementName)!);

    [Fact]
    public void ParsesAndBuildsTrickledCandidates()
    {
        var jingle = Load("transport-info");
        Assert.Equal(JingleAction.TransportInfo, jingle.Action);
        var candidate = Assert.Single(Assert.Single(jingle.Contents).Transport!.Candidates);
        Assert.True(candidate.TryValidate(out var reason), reason);
        Assert.Equal(("srflx", "203.0.113.45", 61002, "192.0.2.10", 50123), (candidate.Type, candidate.Ip, candidate.Port!.Value, candidate.RelAddr, candidate.RelPort!.Value));
        Assert.Equal(("3028961563", 1686052607L), (candidate.Foundation, candidate.Priority!.Value));

        var srflx = new CandidateElement
        {
            Component = 1, Foundation = "3028961563", Generation = 0, Id = "7y8u9i", Network = 1, Ip = "203.0.113.45", Port = 61002,
            Priority = 1686052607, Protocol = "udp", Type = "srflx", RelAddr = "192.0.2.10", RelPort = 50123,
        };
        var transport = new IceUdpTransportElement("Yx2P", "nN3qLr8vTb0sKe5wHj2uMc7a").Add(srflx, new FingerprintElement("sha-256", "active", ClientFingerprint));
        var built = new JingleElement(JingleAction.TransportInfo, "7e1vj9mbn2q1", "focus@auth.example.com/focus")
            .Add(new ContentElement("audio", senders: null).Add(transport));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("transport-info"), Iq(IqType.Set, Alice, FocusOccupant, "ti1", built));
    }

    [Fact]
    public void ParsesAndBuildsAnIceRestartTransport()
    {
        var transport = Assert.Single(Load("transport-info-ice-restart").Contents).Transport!;
        Assert.Equal(("9fk2", "q8w7e6r5t4y3u2i1o0p9a8s7", 1), (transport.Ufrag, transport.Pwd, transport.IceGeneration!.Value));
        Assert.Equal(1, Assert.Single(transport.Candidates).Generation);

        var restarted = new IceUdpTransportElement("9fk2", "q8w7e6r5t4y3u2i1o0p9a8s7") { IceGeneration = 1 }.Add(BridgeCandidate("c02", 1));
        var built = new JingleElement(JingleAction.TransportInfo, "7e1vj9mbn2q1", "focus@auth.example.com/focus")
            .Add(new ContentElement("audio", senders: null).Add(restarted));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("transport-info-ice-restart"), Iq(IqType.Set, FocusOccupant, Alice, "ti2", built));
    }

    [Fact]
    public void ParsesAndBuildsAnIceRestartRequest()
    {
        var jingle = Load("session-info-ice-restart");
        Assert.Equal(JingleAction.SessionInfo, jingle.Action);
        Assert.Equal((BridgeSessionId, true, null), (jingle.BridgeSession!.Id, jingle.BridgeSession.IceRestart, jingle.BridgeSession.Restart));

        var built = new JingleElement(JingleAction.SessionInfo, "7e1vj9mbn2q1", "focus@auth.example.com/focus")
            .Add(new BridgeSessionElement(BridgeSessionId) { IceRestart = true });
        ProtocolSample.AssertSameXml(ProtocolSample.Load("session-info-ice-restart"), Iq(IqType.Set, Alice, FocusOccupant, "in1", built));
    }

    [Fact]
    public void ParsesAndBuildsATerminateWithRestart()
    {
        var jingle = Load("session-terminate-restart");
        Assert.Equal(JingleAction.SessionTerminate, jingle.Action);
        Assert.Equal((ReasonElement.ConnectivityError, "ICE FAILED"), (jingle.Reason!.Condition, jingle.Reason.Text));
        Assert.True(jingle.BridgeSession!.Restart);

        var built = new JingleElement(JingleAction.SessionTerminate, "7e1vj9mbn2q1").Add(
            new ReasonElement(ReasonElement.ConnectivityError, "ICE FAILED"), new BridgeSessionElement(BridgeSessionId) { Restart = true });
        ProtocolSample.AssertSameXml(ProtocolSample.Load("session-terminate-restart"), Iq(IqType.Set, Alice, FocusOccupant, "te1", built));
    }

    [Fact]
    public void ParsesAndBuildsATerminateForAMove()
    {
        var jingle = Load("session-terminate-moving");
        Assert.Equal((ReasonElement.Success, "moving"), (jingle.Reason!.Condition, jingle.Reason.Text));
        Assert.Null(jingle.BridgeSession);

        var built = new JingleElement(JingleAction.SessionTerminate, "7e1vj9mbn2q1").Add(new ReasonElement(ReasonElement.Success, "moving"));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("session-terminate-moving"), Iq(IqType.Set, FocusOccupant, Alice, "te2", built));
    }

    [Fact]
    public void ReadsStartMutedAndTheLegacyIceState()
    {
        var jingle = new JingleElement(System.Xml.Linq.XElement.Parse(
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s'><ice-state xmlns='http://jitsi.org/protocol/focus'>failed</ice-state>" +
            "<startmuted xmlns='http://jitsi.org/jitmeet/start-muted' audio='true' video='false'/></jingle>"));
        Assert.Equal("failed", jingle.IceState);
        Assert.Equal((true, false), (jingle.StartMuted!.Audio, jingle.StartMuted.Video));

        var built = new JingleElement(JingleAction.SessionInitiate, "s").Add(new StartMutedElement(audio: true, video: false));
        ProtocolSample.AssertSameXml(System.Xml.Linq.XElement.Parse(
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><startmuted xmlns='http://jitsi.org/jitmeet/start-muted' audio='true' video='false'/></jingle>"),
            built.Element);
    }
}
