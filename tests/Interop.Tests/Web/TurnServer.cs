using System.Collections.Concurrent;
using System.Net;
using Jitsi.Net.Stack.Processes;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>A private coturn (Debian's <c>coturn</c>) on 127.0.0.1 for one fixture: STUN and TURN over UDP and TCP on
/// one port, TURN REST credentials checked against a shared secret (<c>--use-auth-secret</c>), relaying to loopback
/// peers (the bridge) allowed; no TLS, no admin CLI, no config file.</summary>
internal sealed class TurnServer : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<string> _allocations = new();
    private ChildProcess _process = null!;

    private TurnServer()
    {
    }

    /// <summary>coturn's log lines about allocations (each names the TURN user it authenticated).</summary>
    public IReadOnlyCollection<string> Allocations => _allocations;

    public static async Task<TurnServer> StartAsync(int port, string secret, string realm, string directory)
    {
        Directory.CreateDirectory(directory);
        var server = new TurnServer();
        var process = server._process = ChildProcess.Start("turnserver", "turnserver",
        [
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            "--use-auth-secret", $"--static-auth-secret={secret}", $"--realm={realm}", "--allow-loopback-peers",
            "--no-cli", "--no-tls", "--no-dtls", "--fingerprint", "--no-software-attribute", "--log-file=stdout", "--simple-log", "--verbose",
            $"--pidfile={Path.Combine(directory, "turnserver.pid")}", $"--db={Path.Combine(directory, "turndb")}",
        ], onLine: line => { if (line.Contains("ALLOCATE", StringComparison.Ordinal)) { server._allocations.Enqueue(line); } }, workingDirectory: directory);
        using var timeout = new CancellationTokenSource(StartBound);
        try
        {
            while (!await Stack.FreePorts.AcceptsAsync(IPAddress.Loopback, port, timeout.Token))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("turnserver exited:\n" + string.Join('\n', process.LastLines.TakeLast(20)));
                }
                await Task.Delay(100, timeout.Token);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(5));
        await _process.DisposeAsync();
    }
}
