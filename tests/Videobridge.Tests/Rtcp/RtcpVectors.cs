namespace Jitsi.Net.Videobridge.Tests.Rtcp;

/// <summary>Annotated RTCP packets, one 32-bit word per line, shared by the per-type and compound tests.</summary>
internal static class RtcpVectors
{
    public static readonly byte[] SenderReport =
    [
        0x81, 0xC8, 0x00, 0x0C, // V=2 P=0 RC=1 | PT=200 (SR) | length 12 → 52 bytes
        0x11, 0x22, 0x33, 0x44, // SSRC of sender
        0xE8, 0x3C, 0x5A, 0x12, // NTP timestamp, seconds
        0x80, 0x00, 0x00, 0x00, // NTP timestamp, fraction (0.5 s)
        0x00, 0x01, 0x51, 0x80, // RTP timestamp 86400
        0x00, 0x00, 0x03, 0xE8, // sender's packet count 1000
        0x00, 0x0F, 0x42, 0x40, // sender's octet count 1000000
        0x55, 0x66, 0x77, 0x88, // report block: SSRC_1
        0x19, 0xFF, 0xFF, 0xFE, // fraction lost 25/256 | cumulative lost −2 (24-bit signed)
        0x00, 0x01, 0x12, 0x34, // extended highest sequence number: cycle 1, 0x1234
        0x00, 0x00, 0x00, 0x20, // interarrival jitter 32
        0x5A, 0x12, 0x80, 0x00, // last SR (middle 32 bits of its NTP time)
        0x00, 0x01, 0x00, 0x00, // delay since last SR: 1 s in 1/65536 s
    ];

    public static readonly byte[] EmptyReceiverReport =
    [
        0x80, 0xC9, 0x00, 0x01, // V=2 P=0 RC=0 | PT=201 (RR) | length 1 → 8 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
    ];

    public static readonly byte[] Cname =
    [
        0x81, 0xCA, 0x00, 0x06, // V=2 P=0 SC=1 | PT=202 (SDES) | length 6 → 28 bytes
        0x11, 0x22, 0x33, 0x44, // chunk 1: SSRC
        0x01, 0x10, 0x61, 0x62, // CNAME=1 | length 16 | "ab…
        0x63, 0x64, 0x45, 0x46, // …cdEF…
        0x47, 0x48, 0x31, 0x32, // …GH12…
        0x33, 0x34, 0x35, 0x36, // …3456…
        0x37, 0x38, 0x00, 0x00, // …78" | END | null padding to 32 bits
    ];

    public static readonly byte[] Bye =
    [
        0x82, 0xCB, 0x00, 0x03, // V=2 P=0 SC=2 | PT=203 (BYE) | length 3 → 16 bytes
        0x11, 0x22, 0x33, 0x44, // SSRC 1
        0x55, 0x66, 0x77, 0x88, // SSRC 2
        0x03, 0x62, 0x79, 0x65, // reason length 3 | "bye"
    ];

    public static readonly byte[] Nack =
    [
        0x81, 0xCD, 0x00, 0x04, // V=2 P=0 FMT=1 | PT=205 (RTPFB) | length 4 → 20 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x11, 0x22, 0x33, 0x44, // SSRC of media source
        0x00, 0x64, 0x00, 0x05, // PID 100 | BLP 0b101: 101 and 103 lost too
        0xFF, 0xFF, 0x80, 0x00, // PID 65535 | BLP bit 15: 65535 + 16 = 15 (wrapped)
    ];

    public static readonly byte[] Pli =
    [
        0x81, 0xCE, 0x00, 0x02, // V=2 P=0 FMT=1 | PT=206 (PSFB) | length 2 → 12 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x11, 0x22, 0x33, 0x44, // SSRC of media source
    ];

    public static readonly byte[] Fir =
    [
        0x84, 0xCE, 0x00, 0x04, // V=2 P=0 FMT=4 | PT=206 (PSFB) | length 4 → 20 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x00, 0x00, 0x00, 0x00, // SSRC of media source: unused, 0 (RFC 5104 §4.3.1.2)
        0x11, 0x22, 0x33, 0x44, // FCI: SSRC of the media sender asked for a key frame
        0x07, 0x00, 0x00, 0x00, // command sequence number 7 | reserved
    ];

    public static readonly byte[] Remb =
    [
        0x8F, 0xCE, 0x00, 0x06, // V=2 P=0 FMT=15 | PT=206 (PSFB) | length 6 → 28 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x00, 0x00, 0x00, 0x00, // SSRC of media source: 0
        0x52, 0x45, 0x4D, 0x42, // 'R' 'E' 'M' 'B'
        0x02, 0x12, 0x62, 0x5A, // num SSRC 2 | BR exp 4 | BR mantissa 156250 → 2 500 000 bps
        0x11, 0x22, 0x33, 0x44, // SSRC feedback 1
        0x55, 0x66, 0x77, 0x88, // SSRC feedback 2
    ];

    // The chunk examples of draft-holmer-rmcat-transport-wide-cc-extensions-01: §3.1.3 (a run of 221
    // "packet not received") followed by §3.1.4 example 1 (a one-bit status vector).
    public static readonly byte[] TransportCcDraftExamples =
    [
        0x8F, 0xCD, 0x00, 0x07, // V=2 P=0 FMT=15 | PT=205 (RTPFB) | length 7 → 32 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x11, 0x22, 0x33, 0x44, // SSRC of media source
        0x03, 0xE8, 0x00, 0xEB, // base sequence number 1000 | packet status count 235
        0x00, 0x00, 0x10, 0x05, // reference time 16 (× 64 ms) | fb pkt. count 5
        0x00, 0xDD, 0x9F, 0x1C, // run length: 221 × not received | vector 1-bit: 0 11111 000 111 00
        0x04, 0x08, 0x00, 0xFF, // small deltas (× 250 µs): 4, 8, 0, 255…
        0x01, 0x02, 0x03, 0x04, // …1, 2, 3, 4 (8 received, 8 one-byte deltas)
    ];

    // A two-bit status vector: reordering gives a negative delta, a long gap a large one.
    public static readonly byte[] TransportCcTwoBit =
    [
        0x8F, 0xCD, 0x00, 0x07, // V=2 P=0 FMT=15 | PT=205 | length 7 → 32 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x11, 0x22, 0x33, 0x44, // SSRC of media source
        0xFF, 0xFE, 0x00, 0x07, // base sequence number 65534 | status count 7 (wraps to 4)
        0xFF, 0xFF, 0xFF, 0x00, // reference time −1 | fb pkt. count 0
        0xD8, 0x59, 0x10, 0x01, // vector 2-bit: 01 10 00 01 01 10 01 | small delta 16 | large…
        0x90, 0x05, 0x06, 0xFF, // …0x0190 = 400 (100 ms) | small 5 | small 6 | large…
        0xF6, 0x07, 0x00, 0x00, // …−10 | small 7 | zero padding
    ];

    // What a browser's receiver sends for a steady stream: one run length chunk of "received, small
    // delta" and one delta byte per packet (here 20 packets, 5 ms apart).
    public static readonly byte[] TransportCcBrowser =
    [
        0x8F, 0xCD, 0x00, 0x0A, // V=2 P=0 FMT=15 | PT=205 | length 10 → 44 bytes
        0xFA, 0x17, 0xFA, 0x17, // SSRC of packet sender
        0x3B, 0x1D, 0x57, 0x9A, // SSRC of media source
        0x05, 0x10, 0x00, 0x14, // base sequence number 1296 | status count 20
        0x1A, 0x2B, 0x3C, 0x2A, // reference time 0x1A2B3C | fb pkt. count 42
        0x20, 0x14, 0x08, 0x14, // run length: 20 × small delta | deltas 8 (2 ms), 20 (5 ms)…
        0x14, 0x14, 0x14, 0x14, // …
        0x14, 0x14, 0x14, 0x14,
        0x14, 0x14, 0x14, 0x14,
        0x14, 0x14, 0x14, 0x14,
        0x14, 0x14, 0x00, 0x00, // …20, 20 | zero padding
    ];
}
