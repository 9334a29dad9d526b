using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Benchmarks;

/// <summary>SRTP and SRTCP per packet: a 1,200-byte RTP payload and a 100-byte RTCP compound packet.
/// Protect restores the plain packet first (a 1.2 kB copy) because it encrypts in place. A receive context
/// refuses a replayed index, so unprotect alone is measured on the profile's transform (tag check and
/// decryption, after restoring the protected bytes), and the whole receive path as protect + unprotect.</summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1200;
    private const uint Ssrc = 0x1234_5678;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private SrtpTransform _rtpTransform = null!;
    private SrtpTransform _rtcpTransform = null!;
    private byte[] _plainRtp = null!;
    private byte[] _protectedRtp = null!;
    private byte[] _plainRtcp = null!;
    private byte[] _protectedRtcp = null!;
    private byte[] _buffer = null!;
    private int _rtcpProtectedLength;
    private ushort _sequence;

    public enum Profile
    {
        AesCm128HmacSha1_80,
        AesCm128HmacSha1_32,
        AeadAes128Gcm,
    }

    [ParamsAllValues]
    public Profile ProtectionProfile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var profile = ProtectionProfile switch
        {
            Profile.AesCm128HmacSha1_80 => SrtpProtectionProfile.AesCm128HmacSha1_80,
            Profile.AesCm128HmacSha1_32 => SrtpProtectionProfile.AesCm128HmacSha1_32,
            _ => SrtpProtectionProfile.AeadAes128Gcm,
        };
        SrtpProfileParameters.TryGet(profile, out var parameters);
        var key = Enumerable.Range(1, parameters.KeyLength).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(100, parameters.SaltLength).Select(i => (byte)i).ToArray();
        _sender = new SrtpContext(profile, key, salt);
        _receiver = new SrtpContext(profile, key, salt);
        var authenticationKey = new byte[SrtpProfileParameters.AuthenticationKeyLength];
        _rtpTransform = CreateTransform(parameters, key, salt, authenticationKey, SrtpKeyDerivation.RtpEncryptionLabel, parameters.RtpTagLength);
        _rtcpTransform = CreateTransform(parameters, key, salt, authenticationKey, SrtpKeyDerivation.RtcpEncryptionLabel, parameters.RtcpTagLength);

        _plainRtp = new byte[12 + PayloadLength];
        _plainRtp[0] = 0x80;
        _plainRtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_plainRtp.AsSpan(8), Ssrc);
        _plainRtcp = new byte[100];
        _plainRtcp[0] = 0x80;
        _plainRtcp[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(_plainRtcp.AsSpan(2), 24);
        BinaryPrimitives.WriteUInt32BigEndian(_plainRtcp.AsSpan(4), Ssrc);
        _buffer = new byte[2048];

        _protectedRtp = new byte[_plainRtp.Length + _rtpTransform.TagLength];
        _plainRtp.CopyTo(_protectedRtp, 0);
        _rtpTransform.ProtectRtp(_protectedRtp, 12, _plainRtp.Length, Ssrc, 0);
        _protectedRtcp = new byte[_plainRtcp.Length + 4 + _rtcpTransform.TagLength];
        _plainRtcp.CopyTo(_protectedRtcp, 0);
        _rtcpProtectedLength = _rtcpTransform.ProtectRtcp(_protectedRtcp, _plainRtcp.Length, Ssrc, 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _rtpTransform.Dispose();
        _rtcpTransform.Dispose();
    }

    [Benchmark]
    public int ProtectRtp() => Protect();

    [Benchmark]
    public bool UnprotectRtp()
    {
        _protectedRtp.CopyTo(_buffer, 0);
        return _rtpTransform.UnprotectRtp(_buffer, 12, _plainRtp.Length, Ssrc, 0);
    }

    [Benchmark]
    public bool ProtectAndUnprotectRtp()
    {
        var length = Protect();
        return _receiver.TryUnprotectRtp(_buffer.AsSpan(0, length), out _, out _);
    }

    [Benchmark]
    public int ProtectRtcp()
    {
        _plainRtcp.CopyTo(_buffer, 0);
        _sender.TryProtectRtcp(_buffer, _plainRtcp.Length, out var length, out _);
        return length;
    }

    [Benchmark]
    public bool UnprotectRtcp()
    {
        _protectedRtcp.CopyTo(_buffer, 0);
        return _rtcpTransform.UnprotectRtcp(_buffer, _rtcpProtectedLength, Ssrc, 0x8000_0001, out _);
    }

    private int Protect()
    {
        _plainRtp.CopyTo(_buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), _sequence++);
        _sender.TryProtectRtp(_buffer, _plainRtp.Length, out var length, out _);
        return length;
    }

    private static SrtpTransform CreateTransform(SrtpProfileParameters parameters, byte[] key, byte[] salt, byte[] authenticationKey, byte label, int tagLength)
    {
        var sessionKey = new byte[parameters.KeyLength];
        var sessionSalt = new byte[parameters.SaltLength];
        SrtpKeyDerivation.Derive(key, salt, label, sessionKey);
        SrtpKeyDerivation.Derive(key, salt, (byte)(label + 2), sessionSalt);
        if (parameters.IsAead)
        {
            return new AesGcmTransform(sessionKey, sessionSalt);
        }
        SrtpKeyDerivation.Derive(key, salt, (byte)(label + 1), authenticationKey);
        return new AesCmHmacSha1Transform(sessionKey, sessionSalt, authenticationKey, tagLength);
    }
}
