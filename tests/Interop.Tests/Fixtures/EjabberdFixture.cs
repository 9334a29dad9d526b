using Jitsi.Net.Stack.Ejabberd;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Fixtures;

/// <summary>One private ejabberd on free loopback ports in a fresh data directory, shared by a test collection.</summary>
public sealed class EjabberdFixture : IAsyncLifetime, IXmppServer
{
    public const string Collection = "ejabberd";

    private readonly ScratchDirectory _directory = new();
    private EjabberdServer? _server;

    public string Name => "ejabberd";

    public EjabberdServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public ProsodyOptions Options => Server.Options;

    public string CertificatePath => Server.CertificatePath;

    public string DataDirectory => _directory.Path;

    public async Task InitializeAsync() =>
        _server = await EjabberdServer.StartAsync(ProsodyOptions.WithFreePorts(DataDirectory) with { StartTimeout = TimeSpan.FromSeconds(60) });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _directory.Dispose();
    }
}

[CollectionDefinition(EjabberdFixture.Collection)]
public sealed class EjabberdCollection : ICollectionFixture<EjabberdFixture>;
