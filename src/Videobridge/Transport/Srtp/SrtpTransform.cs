namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>The cryptographic transform of one set of session keys (SRTP or SRTCP of one direction):
/// encrypts and tags, or checks and decrypts, a packet in place. Index bookkeeping stays with
/// <see cref="SrtpContext"/>. Owned by the context's thread (the Worker thread); keeps reused scratch buffers.</summary>
internal abstract class SrtpTransform : IDisposable
{
    protected SrtpTransform(int tagLength) => TagLength = tagLength;

    public int TagLength { get; }

    /// <summary>Where the 32-bit E flag and SRTCP index sit in a protected SRTCP packet of the given length.</summary>
    public abstract int RtcpIndexOffset(int protectedLength);

    /// <summary>Encrypts the payload after <paramref name="headerLength"/> and writes the tag at <paramref name="length"/>.</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Checks the tag at <paramref name="length"/> (the length without it), then decrypts the payload.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts an RTCP compound packet after its first 8 bytes and appends tag and E||index.</summary>
    /// <returns>The protected length.</returns>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Checks the tag and decrypts when the E flag in <paramref name="indexWord"/> is set.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int protectedLength, uint ssrc, uint indexWord, out int plainLength);

    public abstract void Dispose();

    /// <summary>The SRTCP E flag (RFC 3711 §3.4): set when the payload is encrypted.</summary>
    protected const uint EncryptedFlag = 0x8000_0000;

    /// <summary>An SRTCP packet's fixed part that is never encrypted: header word and sender SSRC.</summary>
    protected const int RtcpHeaderLength = 8;
}
