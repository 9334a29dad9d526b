namespace Jitsi.Net.Stack.Prosody;

/// <summary>
/// Finds the Prosody the Debian package runs as a service, which listens on the same default
/// ports as the dev stack. Stateless; reads /run and /proc.
/// </summary>
internal static class SystemProsody
{
    private const string PidFile = "/run/prosody/prosody.pid";

    /// <summary>The pid of a running system Prosody, or null.</summary>
    public static int? FindRunningProcess()
    {
        if (File.Exists(PidFile)
            && int.TryParse(File.ReadAllText(PidFile).Trim(), out int pid)
            && Directory.Exists($"/proc/{pid}"))
        {
            return pid;
        }

        // Started by hand or by an init system without a pid file: a prosody without --config
        // reads /etc/prosody.
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int candidate))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            bool isProsody = arguments.Take(2).Any(a => Path.GetFileName(a) == "prosody");
            if (isProsody && !arguments.Contains("--config"))
            {
                return candidate;
            }
        }

        return null;
    }
}
