using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// Two Linux network namespaces made for one test — a server host <c>jn-srv-&lt;rand&gt;</c> (198.18.0.1/24) and a
/// client host <c>jn-cli-&lt;rand&gt;</c> (198.18.0.2/24) — joined by a veth pair, each with <c>lo</c> up and no other
/// interface or route, so nothing they send can leave them. Dispose ends what still runs inside (by process id)
/// and deletes both, also after a failure. Needs root and <c>ip</c>; <see cref="WhyUnavailable"/> says when not.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    public const string ServerAddress = "198.18.0.1";
    public const string ClientAddress = "198.18.0.2";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private NetworkNamespaces(string suffix)
    {
        Server = "jn-srv-" + suffix;
        Client = "jn-cli-" + suffix;
    }

    public string Server { get; }

    public string Client { get; }

    /// <summary>Null when namespaces can be made here; otherwise why not (the test is skipped with this reason).</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux only";
        }
        if (Environment.UserName != "root")
        {
            return "creating network namespaces needs root";
        }
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            return "iproute2 ('ip') is not installed";
        }
        string probe = "jn-probe-" + RandomNumberGenerator.GetHexString(6, lowercase: true);
        (int added, string output) = Run("ip", "netns", "add", probe);
        if (added != 0)
        {
            return "'ip netns add' failed here: " + output.Trim();
        }
        Run("ip", "netns", "del", probe);
        return null;
    }

    /// <summary>Makes both namespaces and the veth pair between them.</summary>
    public static NetworkNamespaces Create()
    {
        string suffix = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var namespaces = new NetworkNamespaces(suffix);
        // Interface names are at most 15 bytes.
        string serverEnd = "jns" + suffix, clientEnd = "jnc" + suffix;
        try
        {
            namespaces.Must("ip", "netns", "add", namespaces.Server);
            namespaces.Must("ip", "netns", "add", namespaces.Client);
            namespaces.Must("ip", "link", "add", serverEnd, "netns", namespaces.Server, "type", "veth", "peer", "name", clientEnd, "netns", namespaces.Client);
            foreach ((string ns, string device, string address) in new[] { (namespaces.Server, serverEnd, ServerAddress), (namespaces.Client, clientEnd, ClientAddress) })
            {
                namespaces.Must("ip", "-n", ns, "addr", "add", address + "/24", "dev", device);
                namespaces.Must("ip", "-n", ns, "link", "set", device, "up");
                namespaces.Must("ip", "-n", ns, "link", "set", "lo", "up");
            }
            return namespaces;
        }
        catch
        {
            namespaces.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="arguments"/> inside <paramref name="ns"/> and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Exec(string ns, params string[] arguments) => Run("ip", ["netns", "exec", ns, .. arguments]);

    /// <summary>As <see cref="Exec"/>, but a failure throws with the output.</summary>
    public string MustExec(string ns, params string[] arguments) => Must("ip", ["netns", "exec", ns, .. arguments]);

    /// <summary>
    /// Drops every UDP datagram in and out of the client host (nftables), counting them, and counts TCP to the
    /// TURN port, as a firewall that lets only TCP through would.
    /// </summary>
    public void BlockClientUdp(int turnPort)
    {
        string rules = string.Create(CultureInfo.InvariantCulture, $$"""
            table inet jn_firewall {
              chain output {
                type filter hook output priority 0; policy accept;
                oif "lo" accept
                tcp dport {{turnPort}} counter accept comment "turn-tcp"
                meta l4proto udp counter drop comment "udp-out"
              }
              chain input {
                type filter hook input priority 0; policy accept;
                iif "lo" accept
                meta l4proto udp counter drop comment "udp-in"
              }
            }
            """);
        string file = Path.Combine(Path.GetTempPath(), $"jn-firewall-{Client}.nft");
        File.WriteAllText(file, rules);
        try
        {
            MustExec(Client, "nft", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Also drops TCP to coturn's own ports, leaving only HTTPS to the server: TURN must then come through the
    /// front's port 443 (TURN over TLS passed on to coturn).
    /// </summary>
    public void BlockClientTurnPorts(params int[] ports)
    {
        string set = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        MustExec(Client, "nft", "insert", "rule", "inet", "jn_firewall", "output", "tcp", "dport", "{ " + set + " }", "counter", "drop", "comment", "\"turn-direct\"");
        MustExec(Client, "nft", "insert", "rule", "inet", "jn_firewall", "output", "tcp", "dport", "443", "counter", "accept", "comment", "\"https\"");
    }

    /// <summary>Packets counted by the client firewall's rule with this comment.</summary>
    public long FirewallPackets(string comment)
    {
        string rules = MustExec(Client, "nft", "list", "table", "inet", "jn_firewall");
        foreach (string line in rules.Split('\n').Where(l => l.Contains($"comment \"{comment}\"", StringComparison.Ordinal)))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int at = Array.IndexOf(words, "packets");
            if (at >= 0)
            {
                return long.Parse(words[at + 1], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"no counter '{comment}' in:\n{rules}");
    }

    public void Dispose()
    {
        foreach (string ns in new[] { Client, Server })
        {
            // Whatever the test started in there and did not stop (it can only be ours: the namespace is new).
            (_, string pids) = Run("ip", "netns", "pids", ns);
            foreach (string pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(pid, CultureInfo.InvariantCulture, out int id))
                {
                    try
                    {
                        using var process = Process.GetProcessById(id);
                        process.Kill();
                    }
                    catch (ArgumentException)
                    {
                        // Already gone.
                    }
                }
            }
            Run("ip", "netns", "del", ns);
        }
    }

    private string Must(string fileName, params string[] arguments)
    {
        (int code, string output) = Run(fileName, arguments);
        return code == 0 ? output : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({code}): {output}");
    }

    private static (int ExitCode, string Output) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill();
            return (-1, $"{fileName} timed out");
        }
        return (process.ExitCode, output.Result + errors.Result);
    }
}
