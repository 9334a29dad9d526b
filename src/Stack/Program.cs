namespace Jitsi.Net.Stack;

internal static class Program
{
    private static int Main() => 0;
}
