using System.Net;
using System.Security.Cryptography;
using System.Text;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>The sample messages of RFC 5769 §2: parse, check integrity, fingerprint and fields, and
/// rebuild them byte for byte with the writer.</summary>
public sealed class Rfc5769StunTests
{
    // RFC 5769 §2.1 and §2.2: the short-term password; its trailing spaces are not part of it.
    private static readonly byte[] ShortTermKey = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    private static readonly byte[] TransactionId = [0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae];

    // RFC 5769 §2.1 Sample Request.
    internal static readonly byte[] SampleRequest =
    [
        0x00, 0x01, 0x00, 0x58, // Request type and message length
        0x21, 0x12, 0xa4, 0x42, // Magic cookie
        0xb7, 0xe7, 0xa7, 0x01, // Transaction ID
        0xbc, 0x34, 0xd6, 0x86, // Transaction ID
        0xfa, 0x87, 0xdf, 0xae, // Transaction ID
        0x80, 0x22, 0x00, 0x10, // SOFTWARE attribute header
        0x53, 0x54, 0x55, 0x4e, // "STUN"
        0x20, 0x74, 0x65, 0x73, // " tes"
        0x74, 0x20, 0x63, 0x6c, // "t cl"
        0x69, 0x65, 0x6e, 0x74, // "ient"
        0x00, 0x24, 0x00, 0x04, // PRIORITY attribute header
        0x6e, 0x00, 0x01, 0xff, // ICE priority value
        0x80, 0x29, 0x00, 0x08, // ICE-CONTROLLED attribute header
        0x93, 0x2f, 0xf9, 0xb1, // Pseudo-random tie breaker...
        0x51, 0x26, 0x3b, 0x36, // ...for ICE control
        0x00, 0x06, 0x00, 0x09, // USERNAME attribute header
        0x65, 0x76, 0x74, 0x6a, // "evtj"
        0x3a, 0x68, 0x36, 0x76, // ":h6v"
        0x59, 0x20, 0x20, 0x20, // "Y" and padding (3 bytes)
        0x00, 0x08, 0x00, 0x14, // MESSAGE-INTEGRITY attribute header
        0x9a, 0xea, 0xa7, 0x0c, // HMAC-SHA1
        0xbf, 0xd8, 0xcb, 0x56, // HMAC-SHA1
        0x78, 0x1e, 0xf2, 0xb5, // HMAC-SHA1
        0xb2, 0xd3, 0xf2, 0x49, // HMAC-SHA1
        0xc1, 0xb5, 0x71, 0xa2, // HMAC-SHA1
        0x80, 0x28, 0x00, 0x04, // FINGERPRINT attribute header
        0xe5, 0x7a, 0x3b, 0xcf, // CRC32 fingerprint
    ];

    // RFC 5769 §2.2 Sample IPv4 Response.
    internal static readonly byte[] SampleIPv4Response =
    [
        0x01, 0x01, 0x00, 0x3c, // Response type and message length
        0x21, 0x12, 0xa4, 0x42, // Magic cookie
        0xb7, 0xe7, 0xa7, 0x01, // Transaction ID
        0xbc, 0x34, 0xd6, 0x86, // Transaction ID
        0xfa, 0x87, 0xdf, 0xae, // Transaction ID
        0x80, 0x22, 0x00, 0x0b, // SOFTWARE attribute header
        0x74, 0x65, 0x73, 0x74, // "test"
        0x20, 0x76, 0x65, 0x63, // " vec"
        0x74, 0x6f, 0x72, 0x20, // "tor" and padding (1 byte)
        0x00, 0x20, 0x00, 0x08, // XOR-MAPPED-ADDRESS attribute header
        0x00, 0x01, 0xa1, 0x47, // Address family (IPv4) and xor'd mapped port number
        0xe1, 0x12, 0xa6, 0x43, // Xor'd mapped IPv4 address
        0x00, 0x08, 0x00, 0x14, // MESSAGE-INTEGRITY attribute header
        0x2b, 0x91, 0xf5, 0x99, // HMAC-SHA1
        0xfd, 0x9e, 0x90, 0xc3, // HMAC-SHA1
        0x8c, 0x74, 0x89, 0xf9, // HMAC-SHA1
        0x2a, 0xf9, 0xba, 0x53, // HMAC-SHA1
        0xf0, 0x6b, 0xe7, 0xd7, // HMAC-SHA1
        0x80, 0x28, 0x00, 0x04, // FINGERPRINT attribute header
        0xc0, 0x7d, 0x4c, 0x96, // CRC32 fingerprint
    ];

    // RFC 5769 §2.3 Sample IPv6 Response.
    internal static readonly byte[] SampleIPv6Response =
    [
        0x01, 0x01, 0x00, 0x48, // Response type and message length
        0x21, 0x12, 0xa4, 0x42, // Magic cookie
        0xb7, 0xe7, 0xa7, 0x01, // Transaction ID
        0xbc, 0x34, 0xd6, 0x86, // Transaction ID
        0xfa, 0x87, 0xdf, 0xae, // Transaction ID
        0x80, 0x22, 0x00, 0x0b, // SOFTWARE attribute header
        0x74, 0x65, 0x73, 0x74, // "test"
        0x20, 0x76, 0x65, 0x63, // " vec"
        0x74, 0x6f, 0x72, 0x20, // "tor" and padding (1 byte)
        0x00, 0x20, 0x00, 0x14, // XOR-MAPPED-ADDRESS attribute header
        0x00, 0x02, 0xa1, 0x47, // Address family (IPv6) and xor'd mapped port number
        0x01, 0x13, 0xa9, 0xfa, // Xor'd mapped IPv6 address
        0xa5, 0xd3, 0xf1, 0x79, // Xor'd mapped IPv6 address
        0xbc, 0x25, 0xf4, 0xb5, // Xor'd mapped IPv6 address
        0xbe, 0xd2, 0xb9, 0xd9, // Xor'd mapped IPv6 address
        0x00, 0x08, 0x00, 0x14, // MESSAGE-INTEGRITY attribute header
        0xa3, 0x82, 0x95, 0x4e, // HMAC-SHA1
        0x4b, 0xe6, 0x7b, 0xf1, // HMAC-SHA1
        0x17, 0x84, 0xc9, 0x7c, // HMAC-SHA1
        0x82, 0x92, 0xc2, 0x75, // HMAC-SHA1
        0xbf, 0xe3, 0xed, 0x41, // HMAC-SHA1
        0x80, 0x28, 0x00, 0x04, // FINGERPRINT attribute header
        0xc8, 0xfb, 0x0b, 0x4c, // CRC32 fingerprint
    ];

    // RFC 5769 §2.4 Sample Request with Long-Term Authentication.
    internal static readonly byte[] SampleLongTermRequest =
    [
        0x00, 0x01, 0x00, 0x60, // Request type and message length
        0x21, 0x12, 0xa4, 0x42, // Magic cookie
        0x78, 0xad, 0x34, 0x33, // Transaction ID
        0xc6, 0xad, 0x72, 0xc0, // Transaction ID
        0x29, 0xda, 0x41, 0x2e, // Transaction ID
        0x00, 0x06, 0x00, 0x12, // USERNAME attribute header
        0xe3, 0x83, 0x9e, 0xe3, // Username value (18 bytes)...
        0x83, 0x88, 0xe3, 0x83, // ...
        0xaa, 0xe3, 0x83, 0x83, // ...
        0xe3, 0x82, 0xaf, 0xe3, // ...
        0x82, 0xb9, 0x00, 0x00, // ... and padding (2 bytes)
        0x00, 0x15, 0x00, 0x1c, // NONCE attribute header
        0x66, 0x2f, 0x2f, 0x34, // Nonce value
        0x39, 0x39, 0x6b, 0x39, // Nonce value
        0x35, 0x34, 0x64, 0x36, // Nonce value
        0x4f, 0x4c, 0x33, 0x34, // Nonce value
        0x6f, 0x4c, 0x39, 0x46, // Nonce value
        0x53, 0x54, 0x76, 0x79, // Nonce value
        0x36, 0x34, 0x73, 0x41, // Nonce value
        0x00, 0x14, 0x00, 0x0b, // REALM attribute header
        0x65, 0x78, 0x61, 0x6d, // "exam"
        0x70, 0x6c, 0x65, 0x2e, // "ple."
        0x6f, 0x72, 0x67, 0x00, // "org" and padding (1 byte)
        0x00, 0x08, 0x00, 0x14, // MESSAGE-INTEGRITY attribute header
        0xf6, 0x70, 0x24, 0x65, // HMAC-SHA1
        0x6d, 0xd6, 0x4a, 0x3e, // HMAC-SHA1
        0x02, 0xb8, 0xe0, 0x71, // HMAC-SHA1
        0x2e, 0x85, 0xc9, 0xa2, // HMAC-SHA1
        0x8c, 0xa8, 0x96, 0x66, // HMAC-SHA1
    ];

    [Fact]
    public void SampleRequest_Parses_And_Verifies()
    {
        Assert.True(StunMessage.IsStun(SampleRequest));
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(message.Software));
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.False(message.UseCandidate);
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(message.Username));
        Assert.Equal(0, message.UnknownComprehensionRequiredCount);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleRequest_VerifiesWithAKeptHmac()
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, ShortTermKey);
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));

        Assert.True(message.VerifyMessageIntegrity(hmac));
        Assert.True(message.VerifyMessageIntegrity(hmac)); // the hash resets between messages
    }

    [Fact]
    public void SampleRequest_WrongKeyOrTamperedByte_FailsVerification()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));
        Assert.False(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBu")));

        var tampered = (byte[])SampleRequest.Clone();
        tampered[45] ^= 0x01; // PRIORITY value
        Assert.True(StunMessage.TryParse(tampered, out var changed));
        Assert.False(changed.VerifyMessageIntegrity(ShortTermKey));
        Assert.False(changed.VerifyFingerprint());
    }

    [Fact]
    public void SampleRequest_WriterRebuildsTheSameBytes()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId, padding: 0x20);
        writer.TryAddSoftware("STUN test client"u8);
        writer.TryAddPriority(0x6e0001ff);
        writer.TryAddIceControlled(0x932ff9b151263b36);
        writer.TryAddUsername("evtj:h6vY"u8);
        writer.TryAddMessageIntegrity(ShortTermKey);
        writer.TryAddFingerprint();

        Assert.True(writer.TryComplete(out var length));
        Assert.Equal(SampleRequest, buffer[..length]);
    }

    [Fact]
    public void SampleIPv4Response_Parses_And_Verifies()
    {
        Assert.True(StunMessage.TryParse(SampleIPv4Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.Equal("test vector", Encoding.UTF8.GetString(message.Software));
        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv4Response_WriterRebuildsTheSameBytes() =>
        Assert.Equal(SampleIPv4Response, WriteResponse(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853)));

    [Fact]
    public void SampleIPv6Response_Parses_And_Verifies()
    {
        Assert.True(StunMessage.TryParse(SampleIPv6Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Span<byte> address = stackalloc byte[16];
        Assert.True(message.TryGetXorMappedAddress(address, out var addressLength, out var port));
        Assert.Equal(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), new IPAddress(address[..addressLength]));
        Assert.Equal(32853, port);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv6Response_WriterRebuildsTheSameBytes() =>
        Assert.Equal(SampleIPv6Response, WriteResponse(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)));

    [Fact]
    public void SampleLongTermRequest_VerifiesWithTheLongTermKey()
    {
        // RFC 5769 §2.4: key = MD5(username ":" realm ":" SASLprep(password)); SASLprep maps the
        // published password "The<U+00AD>M<U+00AA>tr<U+2168>" to "TheMatrIX".
        var username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        var key = MD5.HashData(Encoding.UTF8.GetBytes(username + ":example.org:TheMatrIX"));

        Assert.True(StunMessage.TryParse(SampleLongTermRequest, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(username, Encoding.UTF8.GetString(message.Username));
        Assert.Equal(0, message.UnknownComprehensionRequiredCount);
        Assert.False(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyMessageIntegrity(ShortTermKey));
    }

    private static byte[] WriteResponse(IPEndPoint mapped)
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId, padding: 0x20);
        writer.TryAddSoftware("test vector"u8);
        writer.TryAddXorMappedAddress(mapped);
        writer.TryAddMessageIntegrity(ShortTermKey);
        writer.TryAddFingerprint();
        Assert.True(writer.TryComplete(out var length));
        return buffer[..length];
    }
}
