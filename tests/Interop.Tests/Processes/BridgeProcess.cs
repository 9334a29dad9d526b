using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Processes;

/// <summary>The Videobridge program as a child process on a test's XMPP server: loopback media on free ports, its
/// private HTTP on a free port; ready once <c>/about/health</c> answers 200. Killed on dispose.</summary>
internal sealed class BridgeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private BridgeProcess(Process process, string bridgeId, int privatePort, int publicPort)
    {
        Process = process;
        BridgeId = bridgeId;
        PrivatePort = privatePort;
        PublicPort = publicPort;
    }

    public Process Process { get; }

    public string BridgeId { get; }

    public int PrivatePort { get; }

    public int PublicPort { get; }

    public string BaseUrl => $"http://127.0.0.1:{PrivatePort}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="componentMode">Connect as the XEP-0114 component <c>jvb.&lt;domain&gt;</c> instead of the shared account.</param>
    /// <param name="environment">Settings added last (they win), e.g. the media addresses.</param>
    public static async Task<BridgeProcess> StartAsync(IXmppServer server, string bridgeId, bool componentMode = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var ports = FreePorts.Allocate(2);
        var start = new ProcessStartInfo("dotnet", DevStackOptions.BuiltProgram("Videobridge", "Jitsi.Net.Videobridge", DevStackOptions.OwnConfiguration()))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var o = server.Options;
        string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
        start.Environment["Xmpp__Port"] = Number(o.C2sPort);
        start.Environment["Xmpp__Password"] = o.BridgePassword;
        start.Environment["Xmpp__TrustedCertificatePath"] = server.CertificatePath;
        start.Environment["Bridge__Id"] = bridgeId;
        if (componentMode)
        {
            start.Environment["Xmpp__Mode"] = "Component";
            start.Environment["Xmpp__ComponentName"] = o.BridgeComponent;
            start.Environment["Xmpp__ComponentSecret"] = o.BridgeComponentSecret;
            start.Environment["Xmpp__ComponentPort"] = Number(o.ComponentPort);
            start.Environment["Xmpp__ServerDomain"] = o.Domain;
        }
        start.Environment["Http__Private__Port"] = Number(ports[0]);
        start.Environment["Http__Public__Port"] = Number(ports[1]);
        start.Environment["Http__Public__WebSocketBaseUrl"] = $"ws://127.0.0.1:{Number(ports[1])}";
        start.Environment["Media__BindAddress"] = "127.0.0.1";
        start.Environment["Media__Port"] = "0";
        start.Environment["Media__Workers"] = "1";
        start.Environment["Media__AllowedRemoteNetworks__0"] = "127.0.0.0/8";
        start.Environment["Media__AllowedRemoteNetworks__1"] = "::1/128";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var bridge = new BridgeProcess(process, bridgeId, ports[0], ports[1]);
        process.OutputDataReceived += (_, e) => bridge.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bridge.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await http.GetAsync(bridge.BaseUrl + "/about/health", timeout.Token)).StatusCode == HttpStatusCode.OK)
                {
                    return bridge;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException("the bridge exited:\n" + bridge.Output);
            }
            await Task.Delay(100, timeout.Token);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
        return ValueTask.CompletedTask;
    }
}
