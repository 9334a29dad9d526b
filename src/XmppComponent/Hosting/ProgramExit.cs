namespace Jitsi.Net.XmppComponent.Hosting;

/// <summary>Turns start-up failures of a process into a clear message and a non-zero exit code.</summary>
public static class ProgramExit
{
    /// <summary>Exit code for bad configuration.</summary>
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string processName, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
            return 0;
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"{processName}: configuration error: {e.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
        {
            await Console.Error.WriteLineAsync($"{processName}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
