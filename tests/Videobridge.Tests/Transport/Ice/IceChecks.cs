using System.Text;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>Hand-built ICE checks, as a browser would send them to an agent.</summary>
internal static class IceChecks
{
    public static readonly byte[] TransactionId = [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B];

    /// <summary>USERNAME "<paramref name="localUfrag"/>:peer", PRIORITY, a role attribute, MESSAGE-INTEGRITY keyed with
    /// <paramref name="password"/>, FINGERPRINT; optionally an unknown comprehension-required attribute 0x0030.</summary>
    public static byte[] Request(string localUfrag, string password, ulong? controlling = null, ulong? controlled = 1, bool useCandidate = false,
        bool unknownAttribute = false, string remoteUfrag = "peer")
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.TryAddUsername(Encoding.UTF8.GetBytes($"{localUfrag}:{remoteUfrag}"));
        writer.TryAddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535));
        if (controlling is { } tieBreaker)
        {
            writer.TryAddIceControlling(tieBreaker);
        }
        else if (controlled is { } controlledTieBreaker)
        {
            writer.TryAddIceControlled(controlledTieBreaker);
        }
        if (useCandidate)
        {
            writer.TryAddUseCandidate();
        }
        if (unknownAttribute)
        {
            writer.TryAddAttribute((StunAttributeType)0x0030, [1, 2, 3, 4]);
        }
        writer.TryAddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.TryAddFingerprint();
        Assert.True(writer.TryComplete(out var length));
        return buffer[..length];
    }
}
