using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Rewrites a client's epoch-0 records the way a browser with a large ClientHello sends them: the
/// ClientHello split into handshake fragments of at most <c>fragmentLength</c> body bytes (RFC 6347 §4.2.3: each
/// fragment repeats message_seq and length, with its own fragment_offset and fragment_length), each fragment in
/// its own record and datagram. Epoch-0 records carry no MAC, so their sequence numbers are renumbered to stay
/// unique after the split (RFC 6347 §4.1.2.6 replay detection). Later epochs pass through untouched. With
/// <c>coalesce</c> all fragments travel as several records in one datagram (RFC 6347 §4.1.1).</summary>
internal sealed class ClientHelloFragmenter(int fragmentLength, bool reverseOrder = false, bool coalesce = false)
{
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;

    private long _nextEpoch0Sequence;

    /// <summary>How many ClientHellos were split.</summary>
    public int ClientHellosSplit { get; private set; }

    /// <summary>The datagrams to deliver instead of <paramref name="datagram"/>.</summary>
    public IReadOnlyList<byte[]> Rewrite(ReadOnlySpan<byte> datagram)
    {
        var output = new List<byte[]>();
        var passthrough = new List<byte>();
        while (datagram.Length >= RecordHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            var record = datagram[..(RecordHeaderLength + length)];
            datagram = datagram[record.Length..];
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(record[3..]);
            if (epoch != 0)
            {
                passthrough.AddRange(record);
                continue;
            }
            var body = record[RecordHeaderLength..];
            if (record[0] == 22 && body.Length > HandshakeHeaderLength && body[0] == 1 && body.Length - HandshakeHeaderLength > fragmentLength)
            {
                var fragments = Split(record[..3].ToArray(), body);
                if (reverseOrder)
                {
                    fragments.Reverse();
                }
                output.AddRange(coalesce ? [[.. fragments.SelectMany(f => f)]] : fragments);
                ClientHellosSplit++;
                continue;
            }
            var copy = record.ToArray();
            WriteUInt48(copy.AsSpan(5), _nextEpoch0Sequence++);
            passthrough.AddRange(copy);
        }
        if (passthrough.Count > 0)
        {
            output.Add([.. passthrough]);
        }
        return output;
    }

    private List<byte[]> Split(byte[] typeAndVersion, ReadOnlySpan<byte> handshake)
    {
        var messageLength = (int)(BinaryPrimitives.ReadUInt32BigEndian(handshake) & 0xFFFFFF);
        var messageSeq = BinaryPrimitives.ReadUInt16BigEndian(handshake[4..]);
        var start = (int)(BinaryPrimitives.ReadUInt32BigEndian(handshake[5..]) & 0xFFFFFF);
        var end = start + (int)(BinaryPrimitives.ReadUInt32BigEndian(handshake[8..]) & 0xFFFFFF);
        var body = handshake[HandshakeHeaderLength..];
        var records = new List<byte[]>();
        for (var offset = start; offset < end; offset += fragmentLength)
        {
            var length = Math.Min(fragmentLength, end - offset);
            var record = new byte[RecordHeaderLength + HandshakeHeaderLength + length];
            typeAndVersion.CopyTo(record, 0);
            WriteUInt48(record.AsSpan(5), _nextEpoch0Sequence++);
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)(HandshakeHeaderLength + length));
            var fragment = record.AsSpan(RecordHeaderLength);
            fragment[0] = 1; // client_hello
            WriteUInt24(fragment[1..], messageLength);
            BinaryPrimitives.WriteUInt16BigEndian(fragment[4..], messageSeq);
            WriteUInt24(fragment[6..], offset);
            WriteUInt24(fragment[9..], length);
            body.Slice(offset - start, length).CopyTo(fragment[HandshakeHeaderLength..]);
            records.Add(record);
        }
        return records;
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    private static void WriteUInt48(Span<byte> destination, long value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)value);
    }
}
