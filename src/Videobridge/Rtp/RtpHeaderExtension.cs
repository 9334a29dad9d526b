namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>One RFC 8285 header extension element: a local id and its value bytes, a view into the packet.
/// Owned by the Worker thread reading the packet.</summary>
internal readonly ref struct RtpHeaderExtension(int id, ReadOnlySpan<byte> value, int offset)
{
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>The two-byte form is 0x100 in the top 12 bits and 4 application bits (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    public int Id { get; } = id;

    public ReadOnlySpan<byte> Value { get; } = value;

    /// <summary>Offset of the element's first header byte within the extension data.</summary>
    public int Offset { get; } = offset;

    public static bool IsOneByte(ushort profile) => profile == OneByteProfile;

    public static bool IsTwoByte(ushort profile) => (profile & 0xFFF0) == TwoByteProfile;

    /// <summary>Bytes of element header before the value: 1 for the one-byte form, 2 for the two-byte form.</summary>
    public static int HeaderSize(ushort profile) => IsOneByte(profile) ? 1 : 2;

    /// <summary>Whether an element with this id and value length can be written in <paramref name="profile"/>:
    /// one-byte ids are 1–14 with 1–16 bytes (§4.2), two-byte ids 1–255 with 0–255 bytes (§4.3).</summary>
    public static bool Fits(ushort profile, int id, int length) =>
        IsOneByte(profile)
            ? id is >= 1 and <= 14 && length is >= 1 and <= 16
            : IsTwoByte(profile) && id is >= 1 and <= 255 && length is >= 0 and <= 255;
}
