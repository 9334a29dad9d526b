using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Network input never throws out of <see cref="DtlsTransport.OnDatagram"/>; what is dropped is counted;
/// every wait inside the transport is bounded.</summary>
public sealed class DtlsTransportInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("16")]                                             // shorter than a record header
    [InlineData("16FEFD000000000000000000FF00")]                   // length beyond the datagram
    [InlineData("18FEFD00000000000000000000")]                     // content type 24 (heartbeat) is not DTLS 1.2 here
    [InlineData("2FFEFD000000000000000000")]                       // a DTLS 1.3 unified header
    [InlineData("1603030000000000000000000000")]                   // a TLS (not DTLS) version
    [InlineData("16FEFD0000000000000000000016FEFD00")]             // a whole record then a truncated one
    public void MalformedDatagrams_AreDroppedAndCounted(string hex)
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, _ => { });

        endpoint.Transport.OnDatagram(Convert.FromHexString(hex));

        Assert.Equal(1, endpoint.Transport.Counters.DroppedMalformed);
        Assert.Equal(0, endpoint.Transport.Counters.DatagramsReceived);
    }

    [Fact]
    public void OversizedDatagram_IsDroppedAndCounted()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, _ => { });
        var datagram = new byte[DtlsDatagramQueue.ReceiveLimit + 1];
        datagram[0] = 22;

        endpoint.Transport.OnDatagram(datagram);

        Assert.Equal(1, endpoint.Transport.Counters.DroppedMalformed);
    }

    [Fact]
    public void Flood_BeyondTheQueueCapacity_IsDroppedAndCounted()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, _ => { }, new DtlsOptions { QueueCapacity = 4 });
        var record = Convert.FromHexString("17FEFD000100000000000100020000"); // application data, epoch 1, 2 bytes

        for (var i = 0; i < 10; i++)
        {
            endpoint.Transport.OnDatagram(record);
        }

        Assert.Equal(4, endpoint.Transport.Counters.DatagramsReceived);
        Assert.Equal(6, endpoint.Transport.Counters.DroppedQueueFull);
    }

    [Fact]
    public void DatagramsAfterClose_AreDroppedAndCounted()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, _ => { });
        endpoint.Transport.Start();
        endpoint.Transport.Close();
        endpoint.Transport.Dispose();

        endpoint.Transport.OnDatagram(Convert.FromHexString("17FEFD000100000000000100020000"));

        Assert.Equal(DtlsState.Closed, endpoint.Transport.State);
        Assert.Equal(1, endpoint.Transport.Counters.DroppedClosed);
    }

    [Fact]
    public async Task GarbageRecordsDuringTheHandshake_DoNotStopIt()
    {
        using var link = new DtlsLink();
        link.Server.Transport.OnDatagram(Convert.FromHexString("16FEFD0000000000000000000401020304")); // a bogus handshake fragment
        link.Server.Transport.OnDatagram(Convert.FromHexString("17FEFD000100000000000100020000"));     // application data in an unknown epoch

        var (clientKeys, serverKeys) = await link.ConnectAsync();

        Assert.Equal(clientKeys.KeyingMaterial, serverKeys.KeyingMaterial);
    }

    [Fact]
    public async Task ServerWithoutAClient_FailsAfterTheHandshakeTimeout()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, _ => { }, new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        endpoint.Transport.Start();

        Assert.Contains("handshake timeout", await endpoint.WaitFailedAsync());
        Assert.Equal(1, endpoint.Transport.Counters.HandshakeTimeouts);
        Assert.Equal(DtlsState.Failed, endpoint.Transport.State);
    }

    [Fact]
    public async Task ClientWithoutAServer_RetransmitsItsClientHello_ThenTimesOut()
    {
        var sent = 0;
        using var endpoint = new DtlsEndpoint(DtlsRole.Client, _ => Interlocked.Increment(ref sent), new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(2500) });
        endpoint.Transport.Start();

        Assert.Contains("handshake timeout", await endpoint.WaitFailedAsync());
        // RFC 6347 §4.2.4.1: 1 s initial timer, doubled — the first flight and at least one retransmission.
        Assert.True(Volatile.Read(ref sent) >= 2, $"sent {sent}");
    }

    [Fact]
    public void CloseDuringTheHandshake_EndsTheThreadPromptly()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, _ => { });
        endpoint.Transport.Start();

        var started = DateTime.UtcNow;
        endpoint.Transport.Dispose();

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
        Assert.Equal(DtlsState.Closed, endpoint.Transport.State);
        Assert.False(endpoint.Failed.IsCompleted);
    }

    [Fact]
    public void CloseBeforeStart_IsClosed_AndStartThrows()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Client, _ => { });
        endpoint.Transport.Close();

        Assert.Equal(DtlsState.Closed, endpoint.Transport.State);
        Assert.Throws<InvalidOperationException>(endpoint.Transport.Start);
    }
}
