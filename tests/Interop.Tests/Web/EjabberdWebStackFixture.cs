using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.Commands;
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
    /// <summary>Changes to the server's options (accounts, a guest domain, TURN); the default lets guests in.</summary>
    private protected virtual ProsodyOptions ServerOptions(ProsodyOptions options) => options;

    /// <summary>The server, once started (its log is in <c>DataDirectory/logs</c>).</summary>
    public EjabberdServer? Server { get; private set; }

    /// <summary>As <c>run --xmpp-server ejabberd</c> starts it.</summary>
    private protected override DevStackOptions Configure(DevStackOptions options) => options with
    {
        XmppServer = RunCommand.XmppServerStarter("ejabberd", ServerOptions, server => Server = server),
    };

    protected override string LogName => "web-stack-ejabberd.log";

    public override async Task DisposeAsync()
    {
        KeepServerLog(Server?.LogPath, "ejabberd-");
        await base.DisposeAsync();
    }
}
