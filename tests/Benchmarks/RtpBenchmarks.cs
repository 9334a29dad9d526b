using BenchmarkDotNet.Attributes;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Rtp.Codecs;

namespace Jitsi.Net.Benchmarks;

/// <summary>The RTP receive and forward path: header view, extension look-up, VP8 descriptor, per-receiver rewrite.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const int AudioLevelId = 1;
    private const int AbsSendTimeId = 2;
    private const int TransportCcId = 3;
    private const int MidId = 4;

    private readonly byte[] _packet = new byte[1200];
    private readonly byte[] _scratch = new byte[1500];
    private int _length;
    private int _vp8Offset;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new RtpPacketBuilder(_packet);
        builder.TryWriteHeader(96, true, 4711, 90000, 0x11223344);
        builder.TryAddExtension(AudioLevelId, [0x80]);
        builder.TryAddExtension(AbsSendTimeId, [0x12, 0x34, 0x56]);
        builder.TryAddExtension(TransportCcId, [0x01, 0x02]);
        builder.TryAddExtension(MidId, "1"u8);
        _vp8Offset = builder.Length;
        var payload = new byte[1200 - builder.Length];
        byte[] descriptor = [0x90, 0xE0, 0x92, 0x34, 0x56, 0x20, 0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A];
        descriptor.CopyTo(payload, 0);
        builder.TryAppendPayload(payload);
        _length = builder.Length;
        if (_length != 1200 || ParseAndFindTransportCc() < 0 || ParseVp8Descriptor() != 0x1234 || RewriteForReceiver() < 0)
        {
            throw new InvalidOperationException("benchmark input did not build");
        }
    }

    /// <summary>A 1,200-byte video packet: parse the header and read the transport-wide sequence number.</summary>
    [Benchmark]
    public int ParseAndFindTransportCc()
    {
        if (!RtpPacket.TryParse(_packet.AsSpan(0, _length), out var packet)
            || !packet.TryGetExtension(TransportCcId, out var value)
            || !TransportSequenceNumberExtension.TryParse(value, out var sequenceNumber))
        {
            return -1;
        }
        return sequenceNumber + packet.Payload.Length;
    }

    [Benchmark]
    public int ParseVp8Descriptor()
    {
        var payload = _packet.AsSpan(_vp8Offset, _length - _vp8Offset);
        return Vp8PayloadDescriptor.TryParse(payload, out var descriptor) && Vp8PayloadDescriptor.IsKeyFrame(payload)
            ? descriptor.PictureId
            : -1;
    }

    /// <summary>What the forwarder does per receiver: copy, rewrite SSRC/sequence/timestamp and picture id,
    /// keep only the audio level and stamp a transport-cc number.</summary>
    [Benchmark]
    public int RewriteForReceiver()
    {
        _packet.AsSpan(0, _length).CopyTo(_scratch);
        var scratch = _scratch.AsSpan();
        RtpPacket.WriteSsrc(scratch, 0xCAFEBABE);
        RtpPacket.WriteSequenceNumber(scratch, 17);
        RtpPacket.WriteTimestamp(scratch, 123456);
        var length = RtpHeaderExtensions.Strip(scratch, _length, [AudioLevelId]);
        RtpHeaderExtensions.TryAdd(scratch, length, TransportCcId, [0x00, 0x2A], out length);
        return RtpPacket.TryParse(scratch[..length], out var packet) && Vp8PayloadDescriptor.TryWritePictureId(_scratch.AsSpan(packet.HeaderLength, packet.Payload.Length), 99)
            ? length
            : -1;
    }
}
