using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>The bridge's agent (controlling) against a second agent of ours in the controlled role, on an in-memory
/// network with a fake clock: nomination, replayed checks, address changes, role conflicts, consent.</summary>
public sealed class IceConnectivityTests
{
    private static readonly TransportAddress BridgeAddress = IceTestNetwork.Address("127.0.0.1:10000");
    private static readonly TransportAddress ClientAddress = IceTestNetwork.Address("127.0.0.1:50000");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void Agents_Connect_WithPeerReflexiveCandidateOnly()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);
        var client = network.Add("127.0.0.1:50000", IceRole.Controlled);
        // The client has the bridge's offer; the bridge hears only the credentials of the answer, no candidate.
        IceTestNetwork.Signal(bridge, client);
        IceTestNetwork.Signal(client, bridge, withCandidate: false);

        Assert.True(network.RunUntil(() => bridge.State == IceState.Connected && client.State == IceState.Connected, Bound));

        Assert.Equal(ClientAddress, bridge.SelectedPair!.Remote);
        Assert.Equal(IceCandidateType.PeerReflexive, bridge.SelectedPair.RemoteType);
        Assert.Equal(BridgeAddress, client.SelectedPair!.Remote);
        Assert.Contains(network.Sent, d => d.From == BridgeAddress && HasUseCandidate(d.Data));
    }

    [Fact]
    public void Agents_Connect_WhenCredentialsArriveAfterTheFirstChecks()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling);
        var client = network.Add("127.0.0.1:50000", IceRole.Controlled);
        IceTestNetwork.Signal(bridge, client);
        network.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(IceState.Checking, bridge.State);

        IceTestNetwork.Signal(client, bridge);

        Assert.True(network.RunUntil(() => bridge.State == IceState.Connected && client.State == IceState.Connected, Bound));
        Assert.Equal(ClientAddress, bridge.SelectedPair!.Remote);
    }

    [Fact]
    public void ReplayedCheck_FromAnotherAddress_DoesNotMoveMedia()
    {
        var (network, bridge, client) = Connect();
        var captured = network.Sent.Last(d => d.From == ClientAddress && d.To == BridgeAddress && IsRequest(d.Data));
        var attacker = IceTestNetwork.Address("127.0.0.1:6666");

        for (var i = 0; i < 5; i++)
        {
            network.Inject(attacker, BridgeAddress, captured.Data);
            network.Run(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(IceState.Connected, bridge.State);
        Assert.Equal(ClientAddress, bridge.SelectedPair!.Remote);
        Assert.DoesNotContain(network.Sent, d => d.To == attacker && HasUseCandidate(d.Data));
    }

    [Fact]
    public void AddressChange_MovesMediaOnlyAfterTheNewPairIsValidatedAndNominated()
    {
        var (network, bridge, client) = Connect();
        var rebound = IceTestNetwork.Address("127.0.0.1:50001");

        network.Move(client, "127.0.0.1:50001");
        Assert.True(network.RunUntil(() => bridge.IsValid(rebound), Bound));
        Assert.Equal(ClientAddress, bridge.SelectedPair!.Remote);

        Assert.True(network.RunUntil(() => bridge.SelectedPair?.Remote == rebound, TimeSpan.FromSeconds(20)));
        Assert.Equal(IceState.Connected, bridge.State);
        Assert.Contains(network.Sent, d => d.From == BridgeAddress && d.To == rebound && HasUseCandidate(d.Data));
        network.Run(TimeSpan.FromSeconds(40));
        Assert.Equal(IceState.Connected, bridge.State);
        Assert.Equal(IceState.Connected, client.State);
    }

    [Theory]
    [InlineData(2ul, 1ul, true)] // the client yields, on the bridge's 487
    [InlineData(1ul, 2ul, false)] // the bridge yields
    public void RoleConflict_BothControlling_TheSmallerTieBreakerYields(ulong bridgeTieBreaker, ulong clientTieBreaker, bool bridgeKeepsControl)
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling, tieBreaker: bridgeTieBreaker);
        var client = network.Add("127.0.0.1:50000", IceRole.Controlling, tieBreaker: clientTieBreaker);
        IceTestNetwork.Signal(bridge, client);
        IceTestNetwork.Signal(client, bridge);

        Assert.True(network.RunUntil(() => bridge.State == IceState.Connected && client.State == IceState.Connected, Bound));

        Assert.Equal(bridgeKeepsControl ? IceRole.Controlling : IceRole.Controlled, bridge.Role);
        Assert.NotEqual(bridge.Role, client.Role);
        Assert.Equal(ClientAddress, bridge.SelectedPair!.Remote);
        Assert.True(network.Counters.RoleConflicts > 0);
    }

    [Fact]
    public void ConsentExpiry_FailsTheAgent()
    {
        var (network, bridge, client) = Connect();
        network.Run(TimeSpan.FromSeconds(60));
        Assert.Equal(IceState.Connected, bridge.State);

        // The last consent response came at most 1.2 × 5 s before the client left; 30 s after it, consent is lost.
        network.Remove(client);
        network.Run(TimeSpan.FromSeconds(20));
        Assert.Equal(IceState.Connected, bridge.State);
        network.Run(TimeSpan.FromSeconds(11));

        Assert.Equal(IceState.Failed, bridge.State);
        Assert.Null(bridge.SelectedPair);
        Assert.Equal(1, network.Counters.ConsentLost);
    }

    [Fact]
    public void ReplaysFromManyAddresses_DoNotLockOutANewAddressOfThePeer()
    {
        var (network, bridge, client) = Connect(new IceAgentOptions { MaxPairs = 4 });
        var captured = network.Sent.Last(d => d.From == ClientAddress && d.To == BridgeAddress && IsRequest(d.Data));
        for (var port = 6000; port < 6010; port++)
        {
            network.Inject(IceTestNetwork.Address($"127.0.0.1:{port}"), BridgeAddress, captured.Data);
            network.Run(TimeSpan.FromSeconds(20));
        }
        var rebound = IceTestNetwork.Address("127.0.0.1:50001");

        network.Move(client, "127.0.0.1:50001");

        Assert.True(network.RunUntil(() => bridge.SelectedPair?.Remote == rebound, TimeSpan.FromSeconds(30)));
        Assert.True(bridge.PairCount <= 4);
    }

    [Fact]
    public void NoPeer_FailsAfterTheConnectTimeout()
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling, new IceAgentOptions { ConnectTimeout = TimeSpan.FromSeconds(5) });
        bridge.SetRemoteCredentials("peer", "peer-password-peer-password");
        bridge.AddRemoteCandidate(new IceCandidate("1", 1, System.Net.IPEndPoint.Parse("127.0.0.1:40000"), IceCandidateType.Host));

        network.Run(TimeSpan.FromSeconds(6));

        Assert.Equal(IceState.Failed, bridge.State);
        Assert.True(network.Counters.ChecksRetransmitted > 0);
    }

    private static (IceTestNetwork Network, IceAgent Bridge, IceAgent Client) Connect(IceAgentOptions? bridgeOptions = null)
    {
        var network = new IceTestNetwork();
        var bridge = network.Add("127.0.0.1:10000", IceRole.Controlling, bridgeOptions);
        var client = network.Add("127.0.0.1:50000", IceRole.Controlled);
        IceTestNetwork.Signal(bridge, client);
        IceTestNetwork.Signal(client, bridge);
        Assert.True(network.RunUntil(() => bridge.State == IceState.Connected && client.State == IceState.Connected, Bound));
        return (network, bridge, client);
    }

    private static bool IsRequest(byte[] data) => StunMessage.TryParse(data, out var m) && m.Type == StunMessageType.BindingRequest;

    private static bool HasUseCandidate(byte[] data) => StunMessage.TryParse(data, out var m) && m.Type == StunMessageType.BindingRequest && m.UseCandidate;
}
