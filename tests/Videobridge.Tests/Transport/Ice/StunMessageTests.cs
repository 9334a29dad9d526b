using System.Net;
using System.Text;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport.Ice;

/// <summary>ICE attributes, error responses, unknown attributes and malformed input.</summary>
public sealed class StunMessageTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("asd88fgpdd777uzjYhagZg");
    private static readonly byte[] TransactionId = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [InlineData(0x0001, 0x001, 0b00)] // request
    [InlineData(0x0011, 0x001, 0b01)] // indication
    [InlineData(0x0101, 0x001, 0b10)] // success response
    [InlineData(0x0111, 0x001, 0b11)] // error response
    [InlineData(0x3EEF, 0xFFF, 0b00)]
    public void MessageType_SplitsAndJoinsMethodAndClass(ushort wire, ushort method, byte stunClass)
    {
        var type = StunMessageType.FromWire(wire);

        Assert.Equal(new StunMessageType(method, (StunClass)stunClass), type);
        Assert.Equal(wire, type.ToWire());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x60, 0x00, 0x01 })] // RTP
    [InlineData(new byte[] { 0x16, 0xfe, 0xfd, 0x00 })] // DTLS handshake
    [InlineData(new byte[] { })]
    public void IsStun_RejectsOtherProtocols(byte[] start)
    {
        var datagram = new byte[Math.Max(start.Length, 20)];
        start.CopyTo(datagram, 0);
        Assert.False(StunMessage.IsStun(start));
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Fact]
    public void IceCheck_RoundTripsEveryField()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.TryAddUsername("bridge:client"u8);
        writer.TryAddPriority(1853824767);
        writer.TryAddUseCandidate();
        writer.TryAddIceControlling(0x0102030405060708);
        writer.TryAddMessageIntegrity(Key);
        writer.TryAddFingerprint();
        Assert.True(writer.TryComplete(out var length));

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.Equal("bridge:client", Encoding.UTF8.GetString(message.Username));
        Assert.Equal(1853824767u, message.Priority);
        Assert.True(message.UseCandidate);
        Assert.Equal(0x0102030405060708ul, message.IceControlling);
        Assert.Null(message.IceControlled);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void RoleConflictResponse_CarriesCodeAndReason()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, TransactionId);
        writer.TryAddErrorCode((int)StunErrorCode.RoleConflict, "Role Conflict"u8);
        writer.TryAddMessageIntegrity(Key);
        writer.TryAddFingerprint();
        Assert.True(writer.TryComplete(out var length));

        Assert.Equal(
            [
                0x00, 0x09, 0x00, 0x11, // ERROR-CODE, length 17
                0x00, 0x00, 0x04, 0x57, // class 4, number 87
            ],
            buffer[20..28]);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.Equal(StunMessageType.BindingErrorResponse, message.Type);
        Assert.Equal(487, message.ErrorCode);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(message.ErrorReason));
        Assert.True(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttributes_AreReported_ForA420()
    {
        byte[] request =
        [
            0x00, 0x01, 0x00, 0x14, // Binding request, length 20
            0x21, 0x12, 0xa4, 0x42, // magic cookie
            0x01, 0x02, 0x03, 0x04, // transaction id
            0x05, 0x06, 0x07, 0x08, // transaction id
            0x09, 0x0a, 0x0b, 0x0c, // transaction id
            0x7f, 0x01, 0x00, 0x00, // unknown comprehension-required 0x7f01, empty
            0xc0, 0x57, 0x00, 0x04, // unknown comprehension-optional 0xc057 (ignored)
            0x00, 0x00, 0x00, 0x01, // its value
            0x00, 0x1c, 0x00, 0x04, // 0x001c (MESSAGE-INTEGRITY-SHA256, not implemented)
            0xde, 0xad, 0xbe, 0xef, // its value
        ];

        Assert.True(StunMessage.TryParse(request, out var message));
        Assert.Equal(2, message.UnknownComprehensionRequiredCount);
        Span<ushort> unknown = stackalloc ushort[4];
        var count = message.GetUnknownAttributes(unknown);
        Assert.Equal([0x7f01, 0x001c], unknown[..count].ToArray());

        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, message.TransactionId);
        writer.TryAddErrorCode((int)StunErrorCode.UnknownAttribute, "Unknown Attribute"u8);
        writer.TryAddUnknownAttributes(unknown[..count]);
        Assert.True(writer.TryComplete(out var length));
        Assert.Equal(
            [
                0x00, 0x0a, 0x00, 0x04, // UNKNOWN-ATTRIBUTES, length 4
                0x7f, 0x01, 0x00, 0x1c, // the two types
            ],
            buffer[(length - 8)..length]);
    }

    [Fact]
    public void AttributesAfterMessageIntegrity_AreIgnored_ExceptFingerprint()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.TryAddUsername("a:b"u8);
        writer.TryAddMessageIntegrity(Key);
        writer.TryAddPriority(7);
        writer.TryAddUsername("evil:b"u8);
        writer.TryAddFingerprint();
        Assert.True(writer.TryComplete(out var length));

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.Equal("a:b", Encoding.UTF8.GetString(message.Username));
        Assert.Null(message.Priority);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void AttributeAfterFingerprint_IsMalformed()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.TryAddFingerprint();
        writer.TryAddPriority(7);
        Assert.True(writer.TryComplete(out var length));

        Assert.False(StunMessage.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Fact]
    public void EveryTruncationAndBadLength_ReturnsFalse()
    {
        var sample = Rfc5769StunTests.SampleRequest;
        for (var length = 0; length < sample.Length; length++)
        {
            Assert.False(StunMessage.TryParse(sample.AsSpan(0, length), out _));
        }
        var badLength = (byte[])sample.Clone();
        badLength[3] = 0x5c; // claims 4 bytes more than the datagram holds
        Assert.False(StunMessage.TryParse(badLength, out _));
        var badAttribute = (byte[])sample.Clone();
        badAttribute[43] = 0x05; // PRIORITY of length 5
        Assert.False(StunMessage.TryParse(badAttribute, out _));
    }

    [Fact]
    public void MessageWithoutIntegrityOrFingerprint_DoesNotVerify()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.TryAddUsername("a:b"u8);
        Assert.True(writer.TryComplete(out var length));

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.False(message.VerifyMessageIntegrity(Key));
        Assert.False(message.VerifyFingerprint());
        Assert.False(message.TryGetXorMappedAddress(out IPEndPoint? _));
    }

    [Fact]
    public void Writer_ReportsNoRoom_WithoutThrowing()
    {
        var buffer = new byte[40];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        Assert.True(writer.TryAddPriority(1));
        Assert.False(writer.TryAddMessageIntegrity(Key));
        Assert.False(writer.TryAddFingerprint());
        Assert.False(writer.TryComplete(out _));

        var tiny = new StunMessageWriter(new byte[4], StunMessageType.BindingRequest, TransactionId);
        Assert.False(tiny.TryAddXorMappedAddress(new IPEndPoint(IPAddress.Loopback, 1)));
        Assert.False(tiny.TryComplete(out _));
    }
}
