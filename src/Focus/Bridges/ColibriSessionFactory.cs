using Jitsi.Net.XmppComponent.Routing;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>Creates real colibri2 sessions that send through the focus's connection. Thread-safe.</summary>
internal sealed class ColibriSessionFactory(IStanzaSender sender, IQCaller caller, ILoggerFactory loggers, FocusConferenceSettings settings) : IColibriSessionFactory
{
    public IColibriSession Create(Bridge bridge, string meetingId, string roomName) =>
        new ColibriSession(bridge, meetingId, roomName, sender, caller, settings.MaxSsrcsPerEndpoint, loggers.CreateLogger<ColibriSession>());
}
