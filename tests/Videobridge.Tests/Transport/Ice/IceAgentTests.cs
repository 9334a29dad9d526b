using System.Text;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>The agent against hand-built checks: answers, integrity, unknown attributes, peer-reflexive learning,
/// role conflicts and the allow-list.</summary>
public sealed class IceAgentTests
{
    private static readonly TransportAddress Bridge = IceTestNetwork.Address("127.0.0.1:10000");
    private static readonly TransportAddress Client = IceTestNetwork.Address("127.0.0.1:50000");

    [Fact]
    public void Check_IsAnsweredBeforeRemoteCredentials_AndLearnsPeerReflexive()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);

        Assert.True(bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password), Client));

        var response = Assert.Single(network.Sent);
        Assert.Equal(Client, response.To);
        Assert.True(StunMessage.TryParse(response.Data, out var message));
        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.True(message.TransactionId.SequenceEqual(IceChecks.TransactionId));
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(bridge.Local.Password)));
        Assert.True(message.VerifyFingerprint());
        Span<byte> address = stackalloc byte[16];
        Assert.True(message.TryGetXorMappedAddress(address, out var addressLength, out var port));
        Assert.True(TransportAddress.TryCreate(address[..addressLength], port, out var mapped));
        Assert.Equal(Client, mapped);
        Assert.Equal(1, bridge.PairCount);
        Assert.Equal(1, network.Counters.PeerReflexiveLearned);

        // Without the peer's password no check can be sent back yet.
        network.Run(TimeSpan.FromSeconds(1));
        Assert.Single(network.Sent);
    }

    [Fact]
    public void Check_WithWrongIntegrity_IsIgnored()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);

        Assert.False(bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, "wrong-password-wrong-password"), Client));
        Assert.False(bridge.OnStun(IceChecks.Request("nobody", bridge.Local.Password), Client));

        Assert.Empty(network.Sent);
        Assert.Equal(0, bridge.PairCount);
        Assert.Equal(1, network.Counters.DroppedBadIntegrity);
        Assert.Equal(1, network.Counters.DroppedWrongUsername);
    }

    [Fact]
    public void Check_WithTamperedBytes_IsDroppedAsMalformed()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);
        var request = IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password);
        request[^1] ^= 0x01;

        Assert.False(bridge.OnStun(request, Client));
        Assert.False(bridge.OnStun(request.AsSpan(0, 10), Client));

        Assert.Empty(network.Sent);
        Assert.Equal(2, network.Counters.DroppedMalformed);
    }

    [Fact]
    public void DamagedChecks_NeverThrow_AndNeverGetAnAnswer()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);
        var valid = IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password);
        var random = new Random(5769);

        for (var i = 0; i < 2000; i++)
        {
            var damaged = valid[..random.Next(1, valid.Length + 1)];
            damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            bridge.OnStun(damaged, Client);
        }

        // FINGERPRINT (CRC-32) and MESSAGE-INTEGRITY catch every damaged copy.
        Assert.Empty(network.Sent);
        Assert.Equal(0, bridge.PairCount);
    }

    [Fact]
    public void Check_WithUnknownComprehensionRequiredAttribute_Gets420()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);

        bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password, unknownAttribute: true), Client);

        Assert.True(StunMessage.TryParse(Assert.Single(network.Sent).Data, out var message));
        Assert.Equal(StunMessageType.BindingErrorResponse, message.Type);
        Assert.Equal(420, message.ErrorCode);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(bridge.Local.Password)));
        Assert.Equal(0, bridge.PairCount);
    }

    [Fact]
    public void Check_WithoutRoleAttribute_Gets400()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);

        bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password, controlled: null), Client);

        Assert.True(StunMessage.TryParse(Assert.Single(network.Sent).Data, out var message));
        Assert.Equal(400, message.ErrorCode);
    }

    [Theory]
    [InlineData(999ul, 487, true)] // RFC 8445 §7.3.1.1: ours is larger, we keep the role and answer 487
    [InlineData(1000ul, 487, true)] // equal counts as larger
    [InlineData(1001ul, 0, false)] // theirs is larger: we switch and answer success
    public void RoleConflict_WithControllingPeer_TieBreakersDecide(ulong theirs, int errorCode, bool keepsControl)
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling, tieBreaker: 1000);

        bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password, controlling: theirs), Client);

        Assert.True(StunMessage.TryParse(Assert.Single(network.Sent).Data, out var message));
        Assert.Equal(errorCode == 0 ? StunMessageType.BindingSuccessResponse : StunMessageType.BindingErrorResponse, message.Type);
        Assert.Equal(errorCode == 0 ? null : errorCode, message.ErrorCode);
        Assert.Equal(keepsControl ? IceRole.Controlling : IceRole.Controlled, bridge.Role);
        Assert.Equal(errorCode == 0 ? 1 : 0, bridge.PairCount);
    }

    [Fact]
    public void RoleConflict_ControlledAgents_LargerTieBreakerTakesControl()
    {
        var network = new IceTestNetwork();
        var larger = network.Add("127.0.0.1:10000", IceRole.Controlled, tieBreaker: 1000);
        var smaller = network.Add("127.0.0.1:10001", IceRole.Controlled, tieBreaker: 5);

        larger.OnStun(IceChecks.Request(larger.Local.Ufrag, larger.Local.Password, controlled: 5), Client);
        smaller.OnStun(IceChecks.Request(smaller.Local.Ufrag, smaller.Local.Password, controlled: 1000), Client);

        Assert.Equal(IceRole.Controlling, larger.Role);
        Assert.Equal(IceRole.Controlled, smaller.Role);
        Assert.True(StunMessage.TryParse(network.Sent[1].Data, out var message));
        Assert.Equal(487, message.ErrorCode);
    }

    [Fact]
    public void AllowList_RefusesCandidatesAndChecksOutsideIt_AndNeverSendsThere()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);
        var client = network.Add("127.0.0.1:50000", IceRole.Controlled);
        IceTestNetwork.Signal(bridge, client);
        IceTestNetwork.Signal(client, bridge);
        var outside = new IceCandidate("9", IceCandidate.ComputePriority(IceCandidateType.Host, 65535), System.Net.IPEndPoint.Parse("10.0.0.1:5000"), IceCandidateType.Host);

        Assert.False(bridge.AddRemoteCandidate(outside));
        Assert.False(bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password), IceTestNetwork.Address("192.0.2.7:4000")));
        network.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceState.Connected, bridge.State);
        Assert.DoesNotContain(network.Sent, d => !d.To.Equals(Client) && !d.To.Equals(Bridge));
        Assert.Contains(network.Sent, d => d.To.Equals(Client));
        Assert.Equal(2, network.Counters.RefusedNotAllowed);
    }

    [Fact]
    public void Lite_AnswersAndSelectsOnNomination_WithoutSendingChecks()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling, new IceAgentOptions { Lite = true });

        bridge.OnStun(IceChecks.Request(bridge.Local.Ufrag, bridge.Local.Password, controlling: 7, useCandidate: true), Client);
        network.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(IceRole.Controlled, bridge.Role);
        Assert.Equal(IceState.Connected, bridge.State);
        Assert.Equal(Client, bridge.SelectedPair!.Remote);
        Assert.Single(network.Sent);
    }
}
