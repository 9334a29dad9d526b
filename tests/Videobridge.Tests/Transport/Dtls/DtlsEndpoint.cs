using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>One <see cref="DtlsTransport"/> under test with its events turned into awaitable tasks.</summary>
internal sealed class DtlsEndpoint : IDisposable
{
    /// <summary>Every wait for an event is bounded by this.</summary>
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    private readonly TaskCompletionSource<DtlsKeys> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _awaitingFingerprint = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DtlsEndpoint(DtlsRole role, Action<ReadOnlyMemory<byte>> send, DtlsOptions? options = null, TimeProvider? time = null, DtlsCertificate? certificate = null)
    {
        Certificate = certificate ?? DtlsCertificate.Generate();
        Transport = new DtlsTransport(Certificate, role, send, options ?? DtlsOptions.Default, time);
        Transport.Connected += keys => _connected.TrySetResult(keys);
        Transport.Failed += reason => _failed.TrySetResult(reason);
        Transport.Closed += () => _closed.TrySetResult();
    }

    public DtlsCertificate Certificate { get; }

    public DtlsTransport Transport { get; }

    public Task<DtlsKeys> Connected => _connected.Task;

    public Task<string> Failed => _failed.Task;

    public Task Closed => _closed.Task;

    public async Task<DtlsKeys> WaitConnectedAsync() => await Connected.WaitAsync(EventTimeout);

    public async Task<string> WaitFailedAsync() => await Failed.WaitAsync(EventTimeout);

    /// <summary>Waits (bounded) until the handshake is done and the fingerprint check is pending or decided.</summary>
    public void WaitHandshakeDone()
    {
        Assert.True(
            SpinWait.SpinUntil(() => Transport.State is not (DtlsState.New or DtlsState.Handshaking), EventTimeout),
            $"the handshake did not finish (state {Transport.State})");
    }

    public void Dispose()
    {
        Transport.Dispose();
        Certificate.Dispose();
    }
}
