using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Ejabberd;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// The web stack with ejabberd as the XMPP server: the Focus as its external component, the bridge as a client of
/// its auth domain, conference rooms on its MUC service and the page on its <c>/xmpp-websocket</c>. Guests log in
/// anonymously, as on Prosody.
/// </summary>
[SupportedOSPlatform("linux")]
public class EjabberdWebStackFixture : WebStackFixture
{
    /// <summary>The server's settings; the default lets guests in.</summary>
    protected virtual EjabberdSettings Settings => new();

    /// <summary>The server, once started (its log is in <c>DataDirectory/logs</c>).</summary>
    public EjabberdServer? Server { get; private set; }

    private protected override DevStackOptions Configure(DevStackOptions options) => options with
    {
        // ejabberd needs longer to boot its Erlang VM than Prosody.
        XmppServer = async (prosody, cancellationToken) =>
            Server = await EjabberdServer.StartAsync(prosody with { StartTimeout = TimeSpan.FromSeconds(60) }, Settings, cancellationToken),
    };

    protected override string LogName => "web-stack-ejabberd.log";

    public override async Task DisposeAsync()
    {
        // The ejabberd log beside the stack's, for failures seen only on CI.
        if (Server is not null && File.Exists(Server.LogPath))
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            File.Copy(Server.LogPath, Path.Combine(ScreenshotDirectory, "..", "ejabberd-" + LogName), overwrite: true);
        }
        await base.DisposeAsync();
    }
}

/// <summary>
/// ejabberd with accounts only on the main domain (no ANONYMOUS) and a coturn announced through XEP-0215
/// (<c>mod_stun_disco</c>) with credentials derived from <see cref="TurnSecret"/>, which coturn checks; two
/// accounts are registered.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EjabberdAccountsWebStackFixture : EjabberdWebStackFixture
{
    public static readonly (string User, string Password)[] Accounts = [("ada", ProsodyOptions.NewSecret()), ("bob", ProsodyOptions.NewSecret())];

    /// <summary>Where guests log in anonymously (the page's <c>anonymousDomain</c>).</summary>
    public const string GuestDomain = "guest.meet.localhost";

    /// <summary>The secret shared with the (announced) TURN server.</summary>
    public string TurnSecret { get; } = ProsodyOptions.NewSecret();

    /// <summary>The TURN server's port on 127.0.0.1 (UDP and TCP).</summary>
    public int TurnPort { get; } = Stack.FreePorts.Allocate(1)[0];

    private readonly ScratchDirectory _turnDirectory = new();

    /// <summary>The running coturn.</summary>
    internal TurnServer Turn { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Turn = await TurnServer.StartAsync(TurnPort, TurnSecret, "meet.localhost", _turnDirectory.Path);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Turn is not null)
        {
            await Turn.DisposeAsync();
        }
        _turnDirectory.Dispose();
    }

    protected override EjabberdSettings Settings => new()
    {
        Guests = false,
        GuestDomain = GuestDomain,
        Accounts = Accounts,
        Turn = new TurnService("127.0.0.1", TurnPort, TurnSecret),
    };

    protected override string LogName => "web-stack-ejabberd-accounts.log";
}
