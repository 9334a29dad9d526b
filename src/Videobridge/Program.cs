namespace Jitsi.Net.Videobridge;

internal static class Program
{
    private static int Main() => 0;
}
