using System.Text.RegularExpressions;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Prosody;

/// <summary>The rendered config keeps the instance private: loopback, its own ports and files.</summary>
[Collection(ProsodyFixture.Collection)]
public sealed class ProsodyConfigTests(ProsodyFixture fixture)
{
    private string Config => File.ReadAllText(fixture.Server.ConfigPath);

    [Fact]
    public void Interfaces_AreLoopbackOnly()
    {
        MatchCollection interfaces = Regex.Matches(Config, @"^\s*(\w*interfaces?)\s*=\s*(.*)$", RegexOptions.Multiline);

        Assert.NotEmpty(interfaces);
        Assert.All(interfaces, m => Assert.Equal("{ \"127.0.0.1\" }", m.Groups[2].Value.Trim()));
        Assert.Contains(interfaces, m => m.Groups[1].Value == "c2s_interfaces");
        Assert.Contains(interfaces, m => m.Groups[1].Value == "component_interfaces");
        Assert.Contains(interfaces, m => m.Groups[1].Value == "http_interfaces");
    }

    [Fact]
    public void Ports_AreTheChosenOnesAndNoOthers()
    {
        ProsodyOptions options = fixture.Options;
        Dictionary<string, string> ports = Regex.Matches(Config, @"^\s*(\w+_ports)\s*=\s*(.*)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

        Assert.Equal($"{{ {options.C2sPort} }}", ports["c2s_ports"]);
        Assert.Equal($"{{ {options.ComponentPort} }}", ports["component_ports"]);
        Assert.Equal($"{{ {options.HttpPort} }}", ports["http_ports"]);
        Assert.Contains("s2s_ports", ports.Keys);
        Assert.Contains("https_ports", ports.Keys);
        Assert.All(
            ports.Where(p => p.Key is not ("c2s_ports" or "component_ports" or "http_ports")),
            p => Assert.Equal("{ }", p.Value));
    }

    [Fact]
    public void Files_StayInTheDataDirectory()
    {
        string config = Config;
        string data = fixture.Options.DataDirectory;

        Assert.Contains($"data_path = \"{data}\"", config);
        Assert.Contains($"pidfile = \"{data}/prosody.pid\"", config);
        Assert.Contains($"filename = \"{data}/prosody.log\"", config);
        Assert.DoesNotContain("/etc/prosody", config);
        Assert.DoesNotContain("/var/lib/prosody", config);
        Assert.DoesNotContain("{{", config);
    }

    [Fact]
    public void Render_EscapesLuaStringsAndHonoursDebug()
    {
        ProsodyOptions options = fixture.Options with { ComponentSecret = "a\"b\\c", Debug = true };

        string text = ProsodyConfigRenderer.Render(options);

        Assert.Contains("component_secret = \"a\\\"b\\\\c\"", text);
        Assert.Contains("min = \"debug\"", text);
    }

    [Fact]
    public void Options_DeriveEveryAddressFromTheDomain()
    {
        var options = new ProsodyOptions { Domain = "example.test", DataDirectory = "/x", ComponentSecret = "s", BridgePassword = "p" };

        Assert.Equal("auth.example.test", options.AuthDomain);
        Assert.Equal("conference.example.test", options.MucDomain);
        Assert.Equal("internal.auth.example.test", options.InternalMucDomain);
        Assert.Equal("focus.example.test", options.FocusComponent);
        Assert.Equal("jvbbrewery@internal.auth.example.test", options.BreweryJid);
        Assert.Equal("jvb@auth.example.test", options.BridgeAccountJid);
    }
}
