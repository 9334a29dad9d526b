using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Prosody;

/// <summary>Starting, restarting and failing to start a private Prosody.</summary>
[Collection(ProsodyFixture.Collection)]
public sealed class ProsodyServerTests(ProsodyFixture fixture)
{
    [Fact]
    public async Task Start_ListensOnTheChosenLoopbackPorts()
    {
        ProsodyOptions options = fixture.Options;

        Assert.NotNull(fixture.Server.ProcessId);
        foreach (int port in new[] { options.C2sPort, options.ComponentPort, options.HttpPort })
        {
            Assert.True(await AcceptsAsync(port), $"port {port}");
        }

        Assert.True(File.Exists(fixture.Server.LogPath));
        Assert.StartsWith(options.DataDirectory, fixture.Server.LogPath);
    }

    [Fact]
    public async Task Restart_ComesBackOnTheSamePorts()
    {
        using var directory = new ScratchDirectory();
        await using ProsodyServer server = await ProsodyServer.StartAsync(ProsodyOptions.WithFreePorts(directory.Path));
        int? before = server.ProcessId;
        // A session open across the restart leaves the server side of its connection in TIME_WAIT.
        await using RawXmppStream open = await RawXmppStream.ConnectAsync(server.Options.Host, server.Options.C2sPort);
        await open.OpenClientStreamAsync(server.Options.Domain);

        await server.RestartAsync();

        Assert.NotNull(server.ProcessId);
        Assert.NotEqual(before, server.ProcessId);
        await using RawXmppStream again = await RawXmppStream.ConnectAsync(server.Options.Host, server.Options.C2sPort);
        Assert.Contains("ANONYMOUS", await again.OpenClientStreamAsync(server.Options.Domain));
        Assert.True(await AcceptsAsync(server.Options.ComponentPort));
        Assert.True(await AcceptsAsync(server.Options.HttpPort));
    }

    [Fact]
    public async Task Stop_ClosesThePortsAndEndsTheProcess()
    {
        using var directory = new ScratchDirectory();
        ProsodyServer server = await ProsodyServer.StartAsync(ProsodyOptions.WithFreePorts(directory.Path));
        int pid = server.ProcessId!.Value;

        await server.StopAsync();

        Assert.Null(server.ProcessId);
        Assert.False(await AcceptsAsync(server.Options.C2sPort));
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} is still there");
    }

    [Fact]
    public async Task Start_WithoutTheProsodyExecutable_SaysSo()
    {
        using var directory = new ScratchDirectory();
        ProsodyOptions options = ProsodyOptions.WithFreePorts(directory.Path) with { Executable = "/nonexistent/prosody" };

        var error = await Assert.ThrowsAsync<ProsodyStartException>(() => ProsodyServer.StartAsync(options));

        Assert.Contains("'/nonexistent/prosody' was not found", error.Message);
    }

    [Fact]
    public async Task Start_OnABusyPort_NamesThePort()
    {
        using var directory = new ScratchDirectory();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int busy = ((IPEndPoint)occupant.LocalEndpoint).Port;
        ProsodyOptions options = ProsodyOptions.WithFreePorts(directory.Path) with { ComponentPort = busy };

        var error = await Assert.ThrowsAsync<ProsodyStartException>(() => ProsodyServer.StartAsync(options));

        Assert.Contains($"Port {busy} (component) on 127.0.0.1 is already in use", error.Message);
    }

    [Fact]
    public async Task RegisterUser_CreatesAnAccountThatCanLogIn()
    {
        await fixture.Server.RegisterUserAsync("extra", fixture.Options.AuthDomain, "p4ss,word=");
        await using var stream = await RawXmppStream.ConnectAsync(fixture.Options.Host, fixture.Options.C2sPort);

        string jid = await RawLogin.ScramAsync(
            stream, fixture.Options.AuthDomain, fixture.Server.CertificatePath, "extra", "p4ss,word=", "r");

        Assert.Equal($"extra@{fixture.Options.AuthDomain}/r", jid);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
