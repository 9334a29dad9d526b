using System.Globalization;
using System.Net;
using Jitsi.Net.LoadGenerator.Stack;
using Jitsi.Net.Stack;

namespace Jitsi.Net.LoadGenerator.Janus;

/// <summary>
/// The Janus the comparison runs against (Debian's <c>janus</c> package): renders the configuration templates kept
/// beside this program (<c>Janus/*.jcfg</c>: core, VideoRoom, HTTP transport) into a temporary folder, links only
/// the VideoRoom plugin and the HTTP transport from the installed library folder, and starts <c>janus</c> on
/// <paramref name="address"/> — optionally in a network namespace and pinned to a core. Janus gathers no loopback
/// candidates, so the address must be a real interface's (the side-by-side script makes a veth pair). Ready once
/// <c>/janus/info</c> answers. Everything is stopped and deleted on dispose. Owned by the run.
/// </summary>
internal sealed class JanusServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] LibraryFolders = ["/usr/lib/x86_64-linux-gnu/janus", "/usr/lib/aarch64-linux-gnu/janus", "/usr/lib/janus", "/opt/janus/lib/janus"];

    private readonly string _directory;
    private ServerProcess? _process;

    private JanusServer(string directory, Uri url)
    {
        _directory = directory;
        Url = url;
    }

    /// <summary>The HTTP API's base, e.g. <c>http://198.18.0.1:8088/janus</c>.</summary>
    public Uri Url { get; }

    public int ProcessId => _process!.ProcessId;

    public string Output => _process?.Output ?? "";

    public static async Task<JanusServer> StartAsync(IPAddress address, string? netns, int? core, TextWriter log, CancellationToken cancellationToken)
    {
        var library = LibraryFolders.FirstOrDefault(d => File.Exists(Path.Combine(d, "plugins", "libjanus_videoroom.so")))
            ?? throw new FileNotFoundException("Janus's VideoRoom plugin is not installed (apt-get install janus)");
        var directory = Directory.CreateTempSubdirectory("jitsi-load-janus-").FullName;
        var port = FreePorts.Allocate(1)[0];
        var server = new JanusServer(directory, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{address}:{port}/janus")));
        try
        {
            var config = Path.Combine(directory, "config");
            var plugins = Path.Combine(directory, "plugins");
            var transports = Path.Combine(directory, "transports");
            var empty = Path.Combine(directory, "empty");
            foreach (var folder in new[] { config, plugins, transports, empty })
            {
                Directory.CreateDirectory(folder);
            }
            File.CreateSymbolicLink(Path.Combine(plugins, "libjanus_videoroom.so"), Path.Combine(library, "plugins", "libjanus_videoroom.so"));
            File.CreateSymbolicLink(Path.Combine(transports, "libjanus_http.so"), Path.Combine(library, "transports", "libjanus_http.so"));
            var values = new Dictionary<string, string>
            {
                ["@CONFIG_DIR@"] = config,
                ["@PLUGINS_DIR@"] = plugins,
                ["@TRANSPORTS_DIR@"] = transports,
                ["@EMPTY_DIR@"] = empty,
                ["@DEBUG_LEVEL@"] = "3",
                ["@RTP_PORTS@"] = "40000-49999",
                ["@ADDRESS@"] = address.ToString(),
                ["@HTTP_PORT@"] = port.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var template in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Janus"), "*.jcfg"))
            {
                var text = await File.ReadAllTextAsync(template, cancellationToken).ConfigureAwait(false);
                foreach (var (key, value) in values)
                {
                    text = text.Replace(key, value, StringComparison.Ordinal);
                }
                await File.WriteAllTextAsync(Path.Combine(config, Path.GetFileName(template)), text, cancellationToken).ConfigureAwait(false);
            }
            server._process = ServerProcess.Start("janus", ["-F", config, "-C", Path.Combine(config, "janus.jcfg")], new Dictionary<string, string>(), netns, core);
            await server._process.WaitReadyAsync(server.Url + "/info", "Janus", ReadyTimeout, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Janus pid {server.ProcessId} at {server.Url}{(core is { } c ? $" pinned to core {c}" : "")}{(netns is null ? "" : $" in netns {netns}")}");
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
