using Jitsi.Net.Focus;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.Focus.Http;
using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.Focus.Xmpp;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

return await ProgramExit.RunAsync("focus", async () =>
{
    // appsettings.json is read from beside the program, whatever the working directory.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var xmpp = SettingsBinder.Bind<FocusXmppSettings>(builder.Configuration, "Xmpp");
    var http = SettingsBinder.Bind<FocusHttpSettings>(builder.Configuration, "Http");
    builder.WebHost.UseUrls($"http://{http.Host}:{http.Port}");
    var conference = SettingsBinder.Bind<FocusConferenceSettings>(builder.Configuration, "Conference");
    builder.Services.AddSingleton(xmpp);
    builder.Services.AddSingleton(conference);
    builder.Services.AddSingleton<BridgeRegistry>();
    builder.Services.AddSingleton<FocusConnection>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<FocusConnection>());
    builder.Services.AddSingleton(sp => sp.GetRequiredService<FocusConnection>().Router);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<BridgeSelector>();
    builder.Services.AddSingleton<BridgeHealthChecker>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<BridgeHealthChecker>());
    builder.Services.AddSingleton(sp =>
    {
        var focus = sp.GetRequiredService<FocusConnection>();
        return new OccupantIq(focus.Connection, focus.Router.Caller, focus.Muc.From!, TimeSpan.FromSeconds(conference.DiscoTimeoutSeconds));
    });
    builder.Services.AddSingleton<IColibriSessionFactory>(sp =>
    {
        var focus = sp.GetRequiredService<FocusConnection>();
        return new ColibriSessionFactory(focus.Connection, focus.Router.Caller, sp.GetRequiredService<ILoggerFactory>(), conference);
    });
    builder.Services.AddSingleton<ConferenceServices>();
    builder.Services.AddSingleton<ConferenceRegistry>();
    builder.Services.AddSingleton<JingleIqHandler>();
    builder.Services.AddSingleton<ConferenceRequestHandler>();
    await using var app = builder.Build();
    foreach (var jid in xmpp.StaticBridges)
    {
        app.Services.GetRequiredService<BridgeRegistry>().AddStatic(Jitsi.Net.XmppComponent.Stanzas.Jid.Parse(jid));
    }
    // Created before the first stanza can arrive, so its IQ handler is registered.
    app.Services.GetRequiredService<ConferenceRequestHandler>();
    app.Services.GetRequiredService<JingleIqHandler>();
    var conferences = app.Services.GetRequiredService<ConferenceRegistry>();
    app.Services.GetRequiredService<BridgeHealthChecker>().Unhealthy += conferences.OnBridgeLost;
    FocusHttp.Map(app);
    ConferenceRequestHttp.Map(app);
    await app.RunAsync();
});
