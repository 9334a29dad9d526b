using System.Collections.Concurrent;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests;

/// <summary>Helpers for tests of running Workers: loopback-only options, calls onto the Worker thread, bounded waits.</summary>
internal static class WorkerHarness
{
    public static WorkerOptions LoopbackOptions(IceRole role = IceRole.Controlling, DtlsSetup setup = DtlsSetup.ActPass) => new()
    {
        Port = new UdpPortOptions
        {
            BindAddress = "127.0.0.1",
            Port = 0,
            AllowedRemoteNetworks = ["127.0.0.0/8", "::1/128"],
            SocketBufferBytes = 256 * 1024,
        },
        Endpoint = new EndpointTransportOptions { IceRole = role, LocalSetup = setup },
    };

    /// <summary>Runs <paramref name="query"/> on the Worker thread and returns its result.</summary>
    public static Task<T> InvokeAsync<T>(this Worker worker, Func<T> query)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Post(() =>
        {
            try
            {
                result.SetResult(query());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        });
        return result.Task;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; false when <paramref name="bound"/> passed first.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(20);
        }
        return await condition();
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan bound) => EventuallyAsync(() => Task.FromResult(condition()), bound);
}

/// <summary>Keeps copies of the plaintext media an endpoint transport hands up (called on the Worker thread).</summary>
internal sealed class MediaSink : IMediaReceiver
{
    public ConcurrentQueue<byte[]> Rtp { get; } = new();

    public ConcurrentQueue<byte[]> Rtcp { get; } = new();

    public void OnRtp(EndpointTransport transport, Span<byte> packet) => Rtp.Enqueue(packet.ToArray());

    public void OnRtcp(EndpointTransport transport, Span<byte> packet) => Rtcp.Enqueue(packet.ToArray());
}
