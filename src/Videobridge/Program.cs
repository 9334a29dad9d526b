using Jitsi.Net.Videobridge;
using Jitsi.Net.Videobridge.Colibri;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Xmpp;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

return await ProgramExit.RunAsync("videobridge", async () =>
{
    // appsettings.json is read from beside the program, whatever the working directory.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var xmpp = SettingsBinder.Bind<BridgeXmppSettings>(builder.Configuration, "Xmpp");
    var identity = SettingsBinder.Bind<BridgeIdentitySettings>(builder.Configuration, "Bridge");
    var http = SettingsBinder.Bind<BridgeHttpSettings>(builder.Configuration, "Http:Private");
    var publicHttp = SettingsBinder.Bind<BridgePublicHttpSettings>(builder.Configuration, "Http:Public");
    var media = SettingsBinder.Bind<BridgeMediaSettings>(builder.Configuration, "Media");
    builder.WebHost.UseUrls($"http://{http.Host}:{http.Port}", $"http://{publicHttp.Host}:{publicHttp.Port}");
    builder.Services.AddSingleton(publicHttp);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<ConferenceRegistry>();
    builder.Services.AddSingleton<BridgeChannelDispatcher>();
    builder.Services.AddSingleton<BridgeState>();
    builder.Services.AddSingleton<BridgeMetrics>();
    builder.Services.AddSingleton<BridgeRates>();
    builder.Services.AddHostedService<GracefulShutdown>();
    builder.Services.AddSingleton(sp => new MediaPlane(media.ToWorkerOptions(), TimeProvider.System, sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), media.ToForwardingOptions()));
    builder.Services.AddSingleton<IMediaPlane>(sp => sp.GetRequiredService<MediaPlane>());
    builder.Services.AddHostedService<ConferenceExpiry>();
    builder.Services.AddSingleton(xmpp);
    builder.Services.AddSingleton(identity);
    builder.Services.AddSingleton<BridgeConnection>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<BridgeConnection>());
    await using var app = builder.Build();
    var bridge = app.Services.GetRequiredService<BridgeConnection>();
    // Registered before the connection starts, so no colibri2 request finds the router without its handler.
    new Colibri2Handler(app.Services.GetRequiredService<ConferenceRegistry>(), app.Services.GetRequiredService<IMediaPlane>(),
        app.Services.GetRequiredService<BridgeState>(), bridge.IsFocus, bridge.BridgeId, publicHttp.WebSocketBaseUrl,
        app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger<Colibri2Handler>()).Register(bridge.Router);
    BridgeHttp.Map(app, http.Port);
    ColibriWebSocket.Map(app, app.Services.GetRequiredService<BridgeConnection>().BridgeId, publicHttp.Port);
    await app.RunAsync();
});
