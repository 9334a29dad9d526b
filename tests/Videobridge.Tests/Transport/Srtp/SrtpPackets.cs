using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>Plain RTP and RTCP packets for SRTP tests.</summary>
internal static class SrtpPackets
{
    /// <summary>A version-2 RTP packet, payload type 96, no CSRC or extension, payload bytes i mod 251.</summary>
    public static byte[] Rtp(uint ssrc, ushort sequenceNumber, int payloadLength)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90_000u * sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 0; i < payloadLength; i++)
        {
            packet[12 + i] = (byte)(i % 251);
        }
        return packet;
    }

    /// <summary>An RTCP receiver report without report blocks followed by filler words.</summary>
    public static byte[] Rtcp(uint ssrc, int words)
    {
        var packet = new byte[8 + 4 * words];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(1 + words));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        packet.AsSpan(8).Fill(0x5A);
        return packet;
    }

    /// <summary>Protects a copy of <paramref name="plain"/>; returns exactly the protected bytes.</summary>
    public static byte[] ProtectRtp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out var length, out _));
        return buffer[..length];
    }

    public static byte[] ProtectRtcp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtcpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out var length, out _));
        return buffer[..length];
    }
}
