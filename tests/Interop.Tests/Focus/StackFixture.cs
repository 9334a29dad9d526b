using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>
/// The whole stack as the run command starts it — a private Prosody, the Focus and the Videobridge processes — on
/// free loopback ports, shared by the tests of a class. Ready once both programs report healthy.
/// </summary>
[SupportedOSPlatform("linux")]
public class StackFixture : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly ScratchDirectory _directory = new();
    private readonly StringWriter _text = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _run;

    internal DevStackOptions Options { get; private set; } = null!;

    public string Output => _text.ToString();

    /// <summary>The Prosody settings the runner used (ports, domains, secrets come from the data directory).</summary>
    public string Domain => Options.Domain;

    /// <summary>False for a stack whose bridges the tests script themselves.</summary>
    protected virtual bool StartBridge => true;

    public async Task InitializeAsync()
    {
        Options = NewOptions(Path.Combine(_directory.Path, "stack")) with { StartBridge = StartBridge };
        _run = new DevStackRunner(Options, TextWriter.Synchronized(_text)).RunAsync(_stop.Token);
        using var timeout = new CancellationTokenSource(Bound);
        while (!Output.Contains("Press Ctrl-C to stop.", StringComparison.Ordinal))
        {
            if (_run.IsCompleted)
            {
                throw new InvalidOperationException("the stack stopped early:\n" + Output);
            }
            await Task.Delay(100, timeout.Token);
        }
        if (!StartBridge)
        {
            // Nothing else logs in on the bridge account, so the secrets file is complete now.
            Secrets = StackSecrets.LoadOrCreate(Options.DataDirectory);
        }
    }

    /// <summary>The stack's generated secrets (the bridge account's password for scripted bridges).</summary>
    internal StackSecrets? Secrets { get; private set; }

    /// <summary>Run-command settings on free loopback ports with the built Focus and Videobridge programs.</summary>
    internal static DevStackOptions NewOptions(string dataDirectory)
    {
        var ports = FreePorts.Allocate(6);
        var configuration = DevStackOptions.OwnConfiguration();
        return new DevStackOptions
        {
            DataDirectory = dataDirectory,
            FocusDll = DevStackOptions.BuiltProgram("Focus", "Jitsi.Net.Focus", configuration),
            BridgeDll = DevStackOptions.BuiltProgram("Videobridge", "Jitsi.Net.Videobridge", configuration),
            C2sPort = ports[0],
            ComponentPort = ports[1],
            HttpPort = ports[2],
            FocusHttpPort = ports[3],
            BridgeHttpPort = ports[4],
            BridgePublicHttpPort = ports[5],
            BridgeMediaPort = 0,
            HealthTimeout = Bound,
            StopGrace = TimeSpan.FromSeconds(10),
        };
    }

    public virtual async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Bound);
        }
        _directory.Dispose();
        _stop.Dispose();
    }
}
