using System.Buffers;
using System.Buffers.Binary;

namespace Jitsi.Net.Stack.Front;

/// <summary>
/// Reads the ALPN protocol names (RFC 7301 §3.1) out of the first TLS record of a connection — a ClientHello
/// (RFC 8446 §4.1.2) — without consuming it, so the front can tell a browser's HTTPS (which always offers
/// <c>h2</c> or <c>http/1.1</c>) from a TURN-over-TLS client on one port: WebRTC in browsers offers no ALPN for TURN,
/// and coturn's own client offers RFC 7443's <c>stun.turn</c> (next to <c>http/1.1</c>). Stateless;
/// bad bytes give <see cref="Outcome.NotTls"/>, never an exception.
/// </summary>
internal static class TlsClientHello
{
    /// <summary>The largest first record we wait for (a ClientHello with post-quantum key shares is ~2 KB).</summary>
    public const int MaxRecordBytes = 16 * 1024 + 5;

    public enum Outcome
    {
        /// <summary>More bytes are needed to see the whole first record.</summary>
        Incomplete,

        /// <summary>A ClientHello offering an HTTP protocol by ALPN, and not <c>stun.turn</c>.</summary>
        Http,

        /// <summary>A ClientHello without ALPN, without an HTTP protocol in it, or with <c>stun.turn</c>.</summary>
        Other,

        /// <summary>Not a TLS handshake record.</summary>
        NotTls,
    }

    public static Outcome Classify(ReadOnlySequence<byte> buffer)
    {
        // Record header (RFC 8446 §5.1): type 22 = handshake, legacy version 3.x, length.
        Span<byte> header = stackalloc byte[5];
        if (buffer.Length < header.Length)
        {
            return buffer.Length > 0 && buffer.FirstSpan[0] != 22 ? Outcome.NotTls : Outcome.Incomplete;
        }
        buffer.Slice(0, header.Length).CopyTo(header);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        if (header[0] != 22 || header[1] != 3 || length is 0 or > MaxRecordBytes - 5)
        {
            return Outcome.NotTls;
        }
        if (buffer.Length < 5 + length)
        {
            return Outcome.Incomplete;
        }
        byte[] record = buffer.Slice(5, length).ToArray();
        return TryFindAlpn(record, out bool offersHttp) ? (offersHttp ? Outcome.Http : Outcome.Other) : Outcome.NotTls;
    }

    /// <summary>Walks a ClientHello handshake message to its extensions; false when it is not one.</summary>
    private static bool TryFindAlpn(ReadOnlySpan<byte> message, out bool offersHttp)
    {
        offersHttp = false;
        // Handshake header: type 1 = client_hello, 24-bit length; body: version 2, random 32.
        if (message.Length < 4 + 2 + 32 + 1 || message[0] != 1)
        {
            return false;
        }
        ReadOnlySpan<byte> body = message[4..];
        int at = 2 + 32;
        if (!Skip(body, ref at, 1) || !Skip(body, ref at, 2) || !Skip(body, ref at, 1))
        {
            // legacy_session_id <0..32>, cipher_suites <2..2^16-2>, legacy_compression_methods <1..2^8-1>
            return false;
        }
        if (at == body.Length)
        {
            // No extensions at all: certainly no ALPN.
            return true;
        }
        if (at + 2 > body.Length)
        {
            return false;
        }
        int end = Math.Min(body.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]));
        at += 2;
        while (at + 4 <= end)
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            int size = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
            at += 4;
            if (at + size > end)
            {
                return false;
            }
            if (type == 16)
            {
                offersHttp = OffersHttp(body.Slice(at, size));
                return true;
            }
            at += size;
        }
        return true;
    }

    /// <summary>ProtocolNameList (RFC 7301 §3.1): a 16-bit length, then 8-bit-length names. TURN's id (RFC 7443 §3) wins.</summary>
    private static bool OffersHttp(ReadOnlySpan<byte> extension)
    {
        if (extension.Length < 2)
        {
            return false;
        }
        ReadOnlySpan<byte> names = extension[2..Math.Min(extension.Length, 2 + BinaryPrimitives.ReadUInt16BigEndian(extension))];
        bool http = false;
        while (names.Length > 0 && names[0] < names.Length)
        {
            ReadOnlySpan<byte> name = names.Slice(1, names[0]);
            if (name.SequenceEqual("stun.turn"u8))
            {
                return false;
            }
            http |= name.SequenceEqual("http/1.1"u8) || name.SequenceEqual("h2"u8) || name.SequenceEqual("http/1.0"u8);
            names = names[(1 + names[0])..];
        }
        return http;
    }

    /// <summary>Skips a vector whose length prefix is <paramref name="prefixBytes"/> long.</summary>
    private static bool Skip(ReadOnlySpan<byte> body, ref int at, int prefixBytes)
    {
        if (at + prefixBytes > body.Length)
        {
            return false;
        }
        int size = prefixBytes == 1 ? body[at] : BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
        at += prefixBytes + size;
        return at <= body.Length;
    }
}
