using Jitsi.Net.Videobridge;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Xmpp;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

return await ProgramExit.RunAsync("videobridge", async () =>
{
    // appsettings.json is read from beside the program, whatever the working directory.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var xmpp = SettingsBinder.Bind<BridgeXmppSettings>(builder.Configuration, "Xmpp");
    var identity = SettingsBinder.Bind<BridgeIdentitySettings>(builder.Configuration, "Bridge");
    var http = SettingsBinder.Bind<BridgeHttpSettings>(builder.Configuration, "Http:Private");
    var publicHttp = SettingsBinder.Bind<BridgePublicHttpSettings>(builder.Configuration, "Http:Public");
    builder.WebHost.UseUrls($"http://{http.Host}:{http.Port}", $"http://{publicHttp.Host}:{publicHttp.Port}");
    builder.Services.AddSingleton(publicHttp);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton<ConferenceRegistry>();
    builder.Services.AddSingleton<BridgeChannelDispatcher>();
    builder.Services.AddSingleton<BridgeState>();
    builder.Services.AddSingleton<BridgeMetrics>();
    builder.Services.AddHostedService<GracefulShutdown>();
    builder.Services.AddSingleton(xmpp);
    builder.Services.AddSingleton(identity);
    builder.Services.AddSingleton<BridgeConnection>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<BridgeConnection>());
    await using var app = builder.Build();
    BridgeHttp.Map(app, http.Port);
    ColibriWebSocket.Map(app, app.Services.GetRequiredService<BridgeConnection>().BridgeId, publicHttp.Port);
    await app.RunAsync();
});
