using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Focus;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// The run command's public mode refuses, before starting anything, what it cannot serve: a public host name without
/// a local address for media and TURN, a NAT address that is not an address. (The whole public mode runs in
/// <see cref="NamespaceDeployTests"/>.) A data directory from before TURN keeps its secrets.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PublicModeTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("meet.example.test", null, null, "--public-host meet.example.test is a name: give this machine's address for media and TURN with --local-address.")]
    [InlineData("127.0.0.1", null, "not-an-address", "--nat-public-address must be an IP address (was 'not-an-address').")]
    public async Task BadPublicSettings_StopTheStackBeforeAnythingStarts(string publicHost, string? localAddress, string? natAddress, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_scratch.Path, "index.html"), "<!doctype html>");
        DevStackOptions options = StackFixture.NewOptions(Path.Combine(_scratch.Path, "stack")) with
        {
            WebRoot = _scratch.Path,
            PublicHost = publicHost,
            LocalAddress = localAddress,
            NatPublicAddress = natAddress,
            HttpsPort = FreePorts.Allocate(1)[0],
        };
        var output = new StringWriter();

        int exitCode = await new DevStackRunner(options, output).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("prosody is up", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsFromBeforeTurn_AreKept_AndGainATurnSecret()
    {
        File.WriteAllText(Path.Combine(_scratch.Path, StackSecrets.FileName), """{ "ComponentSecret": "c0ffee", "BridgePassword": "beef" }""");

        StackSecrets secrets = StackSecrets.LoadOrCreate(_scratch.Path);

        Assert.Equal(("c0ffee", "beef"), (secrets.ComponentSecret, secrets.BridgePassword));
        Assert.Equal(32, secrets.TurnSecret.Length);
        Assert.Equal(secrets, StackSecrets.LoadOrCreate(_scratch.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_scratch.Path, StackSecrets.FileName)));
    }

    [Fact]
    public void WebUrl_IsTheHttpsOriginInPublicMode_AndLoopbackOtherwise()
    {
        DevStackOptions loopback = StackFixture.NewOptions(_scratch.Path) with { WebRoot = _scratch.Path, WebPort = 8000 };

        Assert.Equal("http://127.0.0.1:8000/", loopback.WebUrl);
        Assert.Equal("https://meet.example.test/", (loopback with { PublicHost = "meet.example.test" }).WebUrl);
        Assert.Equal("https://[2001:db8::1]:8443/", (loopback with { PublicHost = "2001:db8::1", HttpsPort = 8443 }).WebUrl);
    }
}
