namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>A fact that needs to create network namespaces; skipped, with the reason, where that is impossible.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NamespaceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(NetworkNamespaces.WhyUnavailable);

    public NamespaceFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
