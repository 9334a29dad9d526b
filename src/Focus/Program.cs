using Jitsi.Net.Focus;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Http;
using Jitsi.Net.Focus.Xmpp;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

return await ProgramExit.RunAsync("focus", async () =>
{
    // appsettings.json is read from beside the program, whatever the working directory.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var xmpp = SettingsBinder.Bind<FocusXmppSettings>(builder.Configuration, "Xmpp");
    var http = SettingsBinder.Bind<FocusHttpSettings>(builder.Configuration, "Http");
    builder.WebHost.UseUrls($"http://{http.Host}:{http.Port}");
    builder.Services.AddSingleton(xmpp);
    builder.Services.AddSingleton<BridgeRegistry>();
    builder.Services.AddSingleton<FocusConnection>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<FocusConnection>());
    await using var app = builder.Build();
    FocusHttp.Map(app);
    await app.RunAsync();
});
