using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Fixtures;

/// <summary>
/// One private Prosody on free loopback ports in a fresh temporary data directory, shared by the
/// test classes of the <see cref="Collection"/> collection and deleted afterwards.
/// </summary>
public sealed class ProsodyFixture : IAsyncLifetime, IXmppServer
{
    public const string Collection = "prosody";

    private readonly ScratchDirectory _directory = new();
    private ProsodyServer? _server;

    public ProsodyServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public ProsodyOptions Options => Server.Options;

    public string Name => "prosody";

    public string CertificatePath => Server.CertificatePath;

    public string DataDirectory => _directory.Path;

    public async Task InitializeAsync()
    {
        try
        {
            _server = await ProsodyServer.StartAsync(ProsodyOptions.WithFreePorts(DataDirectory));
        }
        catch
        {
            _directory.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }
}

[CollectionDefinition(ProsodyFixture.Collection)]
public sealed class ProsodyCollection : ICollectionFixture<ProsodyFixture>;
