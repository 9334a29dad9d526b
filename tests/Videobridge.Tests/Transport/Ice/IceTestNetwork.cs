using System.Net;
using Jitsi.Net.Videobridge.Transport.Ice;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>ICE agents on an in-memory network with a fake clock: every datagram an agent sends is logged and
/// delivered to the agent that currently sits at the destination address, from the sender's current address.</summary>
internal sealed class IceTestNetwork
{
    private readonly Dictionary<IceAgent, TransportAddress> _addresses = [];
    private readonly Queue<Datagram> _inFlight = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public IceCounters Counters { get; } = new();

    public List<Datagram> Sent { get; } = [];

    public static TransportAddress Address(string endPoint) => TransportAddress.FromEndPoint(IPEndPoint.Parse(endPoint));

    public IceAgent Add(string endPoint, IceRole role, IceAgentOptions? options = null, ulong? tieBreaker = null, AllowedNetworks? allowed = null)
    {
        var address = Address(endPoint);
        var candidate = new IceCandidate("1", IceCandidate.ComputePriority(IceCandidateType.Host, 65535), IPEndPoint.Parse(endPoint), IceCandidateType.Host);
        IceAgent? agent = null;
        agent = new IceAgent(IceCredentials.Generate(), [candidate], role, options ?? new IceAgentOptions(), allowed ?? AllowedNetworks.Loopback,
            (ReadOnlySpan<byte> data, in TransportAddress to) =>
            {
                var datagram = new Datagram(_addresses[agent!], to, data.ToArray());
                Sent.Add(datagram);
                _inFlight.Enqueue(datagram);
                return true;
            }, Counters, Time, tieBreaker);
        _addresses[agent] = address;
        agent.Start();
        return agent;
    }

    /// <summary>The agent now sends from (and is reached at) another address, as after a NAT rebinding.</summary>
    public void Move(IceAgent agent, string endPoint) => _addresses[agent] = Address(endPoint);

    /// <summary>The agent is gone: nothing reaches it any more.</summary>
    public void Remove(IceAgent agent) => _addresses.Remove(agent);

    /// <summary>Tells each agent the other's credentials; <paramref name="candidatesTo"/> also gets the other's candidate.</summary>
    public static void Signal(IceAgent from, IceAgent to, bool withCandidate = true)
    {
        to.SetRemoteCredentials(from.Local.Ufrag, from.Local.Password);
        if (withCandidate)
        {
            to.AddRemoteCandidate(from.LocalCandidates[0]);
        }
    }

    /// <summary>Injects a datagram as if <paramref name="from"/> sent it.</summary>
    public void Inject(TransportAddress from, TransportAddress to, byte[] data) => _inFlight.Enqueue(new Datagram(from, to, data));

    public void Deliver()
    {
        while (_inFlight.TryDequeue(out var datagram))
        {
            foreach (var (agent, address) in _addresses)
            {
                if (address == datagram.To)
                {
                    agent.OnStun(datagram.Data, datagram.From);
                    break;
                }
            }
        }
    }

    /// <summary>Advances the clock in 10 ms steps, running every agent's timer and delivering after each step.</summary>
    public void Run(TimeSpan duration)
    {
        Deliver();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(10))
        {
            Time.Advance(TimeSpan.FromMilliseconds(10));
            foreach (var agent in _addresses.Keys.ToList())
            {
                agent.OnTimer();
            }
            Deliver();
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds, at most <paramref name="limit"/> of fake time.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < limit; elapsed += TimeSpan.FromMilliseconds(10))
        {
            if (condition())
            {
                return true;
            }
            Run(TimeSpan.FromMilliseconds(10));
        }
        return condition();
    }

    internal sealed record Datagram(TransportAddress From, TransportAddress To, byte[] Data);
}
