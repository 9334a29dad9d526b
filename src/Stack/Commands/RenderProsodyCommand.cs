using System.CommandLine;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.Commands;

/// <summary><c>render-prosody</c>: writes a Prosody config and certificate without starting anything.</summary>
internal static class RenderProsodyCommand
{
    public static Command Create()
    {
        var dataDirectory = new Option<string>("--data-dir") { Description = "Directory for the config, certificate and Prosody's data", Required = true };
        var domain = new Option<string>("--domain") { Description = "Base domain", DefaultValueFactory = _ => "meet.localhost" };
        var c2sPort = new Option<int>("--c2s-port") { Description = "Client port", DefaultValueFactory = _ => 5222 };
        var componentPort = new Option<int>("--component-port") { Description = "XEP-0114 component port", DefaultValueFactory = _ => 5347 };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP (WebSocket) port", DefaultValueFactory = _ => 5280 };
        var debug = new Option<bool>("--debug") { Description = "Log at debug level" };

        var command = new Command("render-prosody", "Write a Prosody config and dev certificate into a data directory and print their paths")
        {
            dataDirectory, domain, c2sPort, componentPort, httpPort, debug,
        };
        command.SetAction(result =>
        {
            string directory = Path.GetFullPath(result.GetValue(dataDirectory)!);
            StackSecrets secrets = StackSecrets.LoadOrCreate(directory);
            var options = new ProsodyOptions
            {
                Domain = result.GetValue(domain)!,
                DataDirectory = directory,
                C2sPort = result.GetValue(c2sPort),
                ComponentPort = result.GetValue(componentPort),
                HttpPort = result.GetValue(httpPort),
                ComponentSecret = secrets.ComponentSecret,
                BridgePassword = secrets.BridgePassword,
                Debug = result.GetValue(debug),
            };
            Directory.CreateDirectory(directory);
            DevCertificate.EnsureFiles(options.Domain, options.CertificatePath, options.KeyPath);
            OwnerOnlyFile.Write(options.ConfigPath, ProsodyConfigRenderer.Render(options));
            Console.WriteLine($"config       {options.ConfigPath}");
            Console.WriteLine($"certificate  {options.CertificatePath}");
            Console.WriteLine($"key          {options.KeyPath}");
            Console.WriteLine($"secrets      {Path.Combine(directory, StackSecrets.FileName)}");
            Console.WriteLine($"start with   prosody -F --config {options.ConfigPath}");
            return 0;
        });
        return command;
    }
}
