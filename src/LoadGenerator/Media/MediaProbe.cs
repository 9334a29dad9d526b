using System.Buffers.Binary;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// What every generated RTP payload carries so that a receiver can judge it without any shared state: a trailer in
/// the last <see cref="TrailerLength"/> bytes (magic, sender's global stream number, the stream's own sequence,
/// send time in <see cref="System.Diagnostics.Stopwatch"/> ticks) and, between the payload start and the trailer,
/// filler bytes derived from the sequence. The trailer sits at the end because a bridge may rewrite headers and
/// the VP8 descriptor in front of it but never the payload's tail. Stateless.
/// </summary>
internal static class MediaProbe
{
    public const int TrailerLength = 20;

    // "JNLG": tells our packets from anything else a receiver might get (bridge RTCP, padding).
    private const uint Magic = 0x4A4E_4C47;

    /// <summary>Writes filler into <paramref name="payload"/> (all but the trailer) and then the trailer.</summary>
    public static void Write(Span<byte> payload, int stream, uint sequence, long sendTimestamp)
    {
        var filler = payload[..^TrailerLength];
        for (var i = 0; i < filler.Length; i++)
        {
            filler[i] = FillerByte(sequence, filler.Length - i);
        }
        var trailer = payload[^TrailerLength..];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, Magic);
        BinaryPrimitives.WriteInt32BigEndian(trailer[4..], stream);
        BinaryPrimitives.WriteUInt32BigEndian(trailer[8..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(trailer[12..], sendTimestamp);
    }

    /// <summary>Reads the trailer of a received payload; false when it is not one of ours.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int stream, out uint sequence, out long sendTimestamp)
    {
        stream = 0;
        sequence = 0;
        sendTimestamp = 0;
        if (payload.Length < TrailerLength)
        {
            return false;
        }
        var trailer = payload[^TrailerLength..];
        if (BinaryPrimitives.ReadUInt32BigEndian(trailer) != Magic)
        {
            return false;
        }
        stream = BinaryPrimitives.ReadInt32BigEndian(trailer[4..]);
        sequence = BinaryPrimitives.ReadUInt32BigEndian(trailer[8..]);
        sendTimestamp = BinaryPrimitives.ReadInt64BigEndian(trailer[12..]);
        return true;
    }

    /// <summary>Checks the filler of the last <paramref name="checkedLength"/> bytes before the trailer, counted from
    /// the trailer backwards so that a rewritten descriptor at the front does not matter.</summary>
    public static bool FillerMatches(ReadOnlySpan<byte> payload, uint sequence, int checkedLength)
    {
        var filler = payload[..^TrailerLength];
        var n = Math.Min(checkedLength, filler.Length);
        for (var distance = 1; distance <= n; distance++)
        {
            if (filler[^distance] != FillerByte(sequence, distance))
            {
                return false;
            }
        }
        return true;
    }

    private static byte FillerByte(uint sequence, int distanceFromTrailer) => (byte)((sequence * 31) + (uint)distanceFromTrailer);
}
