using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Prosody;
using Jitsi.Net.Stack.Turn;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// What the accounts web tests need from an XMPP server, whichever it is: the main domain takes accounts only (two
/// are registered), guests log in on <see cref="GuestDomain"/>, and a private coturn on 127.0.0.1 is announced
/// through XEP-0215 with credentials derived from <see cref="Secret"/>, which coturn checks. The XMPP server gets it
/// all through the shared <see cref="ProsodyOptions"/> (<see cref="Apply"/>). Dispose after the stack.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AccountsAndTurn : IAsyncDisposable
{
    public static readonly (string User, string Password)[] Accounts = [("ada", ProsodyOptions.NewSecret()), ("bob", ProsodyOptions.NewSecret())];

    /// <summary>Where guests log in anonymously (the page's <c>anonymousDomain</c>).</summary>
    public const string GuestDomain = "guest.meet.localhost";

    private readonly ScratchDirectory _directory = new();
    private readonly ConcurrentQueue<string> _allocations = new();
    private CoturnServer? _coturn;

    private AccountsAndTurn()
    {
    }

    /// <summary>The secret shared by the XMPP server and coturn.</summary>
    public string Secret { get; } = ProsodyOptions.NewSecret();

    /// <summary>coturn's port on 127.0.0.1 (STUN, TURN over UDP and TCP).</summary>
    public int TurnPort => _coturn!.Options.Port;

    /// <summary>coturn's log lines about allocations (each names the TURN user it authenticated).</summary>
    public IReadOnlyCollection<string> Allocations => _allocations;

    /// <summary>Starts coturn, relaying to loopback peers (the bridge) only.</summary>
    public static async Task<AccountsAndTurn> StartAsync()
    {
        var setup = new AccountsAndTurn();
        try
        {
            IReadOnlyList<int> ports = FreePorts.Allocate(2);
            string certificate = Path.Combine(setup._directory.Path, "turn.crt"), key = Path.Combine(setup._directory.Path, "turn.key");
            DevCertificate.EnsureFiles("meet.localhost", certificate, key);
            setup._coturn = await CoturnServer.StartAsync(new CoturnOptions
            {
                DataDirectory = Path.Combine(setup._directory.Path, "coturn"),
                Port = ports[0],
                TlsPort = ports[1],
                Secret = setup.Secret,
                CertificatePath = certificate,
                KeyPath = key,
                AllowedPeers = ["127.0.0.1"],
                Verbose = true,
            }, line =>
            {
                if (line.Contains("ALLOCATE", StringComparison.Ordinal))
                {
                    setup._allocations.Enqueue(line);
                }
            }, CancellationToken.None);
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>The XMPP server's options with accounts only on the main domain, the guest domain and the TURN server.</summary>
    public ProsodyOptions Apply(ProsodyOptions options) => options with
    {
        RequireAccounts = true,
        GuestDomain = GuestDomain,
        Accounts = Accounts,
        TurnHost = "127.0.0.1",
        TurnPort = _coturn!.Options.Port,
        TurnTlsPort = _coturn.Options.TlsPort,
        TurnSecret = Secret,
    };

    public async ValueTask DisposeAsync()
    {
        if (_coturn is not null)
        {
            await _coturn.DisposeAsync();
        }
        _directory.Dispose();
    }
}

/// <summary>A web stack whose XMPP server is set up by <see cref="AccountsAndTurn"/>.</summary>
public interface IAccountsWebStack
{
    string PageUrl { get; }

    AccountsAndTurn Setup { get; }
}

/// <summary>The web stack on Prosody with accounts only on the main domain, a guest domain and TURN.</summary>
[SupportedOSPlatform("linux")]
public sealed class ProsodyAccountsWebStackFixture : WebStackFixture, IAccountsWebStack
{
    private ProsodyServer? _server;

    public AccountsAndTurn Setup { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Setup = await AccountsAndTurn.StartAsync();
        await base.InitializeAsync();
    }

    private protected override DevStackOptions Configure(DevStackOptions options) => options with
    {
        XmppServer = async (prosody, cancellationToken) => _server = await ProsodyServer.StartAsync(Setup.Apply(prosody), cancellationToken),
    };

    protected override string LogName => "web-stack-prosody-accounts.log";

    public override async Task DisposeAsync()
    {
        KeepServerLog(_server?.LogPath, "prosody-");
        await base.DisposeAsync();
        if (Setup is not null)
        {
            await Setup.DisposeAsync();
        }
    }
}

/// <summary>The web stack on ejabberd with accounts only on the main domain, a guest domain and TURN.</summary>
[SupportedOSPlatform("linux")]
public sealed class EjabberdAccountsWebStackFixture : EjabberdWebStackFixture, IAccountsWebStack
{
    public AccountsAndTurn Setup { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Setup = await AccountsAndTurn.StartAsync();
        await base.InitializeAsync();
    }

    private protected override ProsodyOptions ServerOptions(ProsodyOptions options) => Setup.Apply(options);

    protected override string LogName => "web-stack-ejabberd-accounts.log";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Setup is not null)
        {
            await Setup.DisposeAsync();
        }
    }
}
