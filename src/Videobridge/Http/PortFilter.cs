using Microsoft.AspNetCore.Http;

namespace Jitsi.Net.Videobridge.Http;

/// <summary>Keeps an endpoint on one listener: the private port's health and statistics are not served on the
/// public port (which a reverse proxy may expose), and the other way round.</summary>
internal static class PortFilter
{
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Only(int port) =>
        (context, next) => context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
}
