using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Jitsi.Net.Stack.Front;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Stack.Commands;

/// <summary>
/// <c>front</c>: the HTTPS front alone, for a service manager (<c>config/systemd/jitsi-net-front.service</c>). Reads
/// sections <c>Front</c> and <c>Turn</c> from a JSON file and the environment (<c>Front__Port</c>, <c>Turn__Secret</c>);
/// a bad value exits with code 2 and a message naming the key.
/// </summary>
internal static class FrontCommand
{
    public static Command Create()
    {
        var configFile = new Option<string?>("--config") { Description = "A JSON settings file (sections Front and Turn); environment variables override it" };
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Where a self-signed certificate is kept when Front:CertificatePath is empty",
            DefaultValueFactory = _ => "/var/lib/jitsi-net/front",
        };
        var command = new Command("front", "Serve the web page and relay /xmpp-websocket and /colibri-ws/<bridge id>/ on one HTTPS origin")
        {
            configFile, dataDirectory,
        };
        command.SetAction(async (result, _) =>
        {
            using var stop = new StopSignals();
            return await ProgramExit.RunAsync("front", async () =>
            {
                string? file = result.GetValue(configFile);
                if (file is not null && !File.Exists(file))
                {
                    throw new ConfigurationException($"--config names a file that does not exist ('{file}')");
                }
                var builder = new ConfigurationBuilder();
                if (file is not null)
                {
                    builder.AddJsonFile(Path.GetFullPath(file), optional: false);
                }
                IConfiguration configuration = builder.AddEnvironmentVariables().Build();
                FrontSettings settings = SettingsBinder.Bind<FrontSettings>(configuration, "Front");
                TurnSettings turn = SettingsBinder.Bind<TurnSettings>(configuration, "Turn");
                using X509Certificate2 certificate = FrontCertificate.Load(settings, Path.GetFullPath(result.GetValue(dataDirectory)!));
                using var logs = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
                await using FrontServer front = await FrontServer.StartAsync(settings, turn, certificate, new ForwardingLoggerProvider(logs), stop.Token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"front: serving https://{settings.PublicHost}{(settings.Port == 443 ? "" : $":{settings.Port}")}/ on {settings.Host}:{settings.Port}").ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Hands the front's own logger factory to its web host.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
