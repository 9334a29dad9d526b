using System.CommandLine;
using Jitsi.Net.Stack.Commands;

namespace Jitsi.Net.Stack;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Jitsi.Net dev stack: a private Prosody with the Focus and the Videobridge")
        {
            RunCommand.Create(),
            RenderProsodyCommand.Create(),
            FrontCommand.Create(),
        };

        // The run command handles SIGINT/SIGTERM itself (see RunCommand).
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
