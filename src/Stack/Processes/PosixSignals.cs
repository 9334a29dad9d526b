using System.Runtime.InteropServices;

namespace Jitsi.Net.Stack.Processes;

/// <summary>
/// Sends a signal to another process. <see cref="System.Diagnostics.Process.Kill()"/> only knows
/// SIGKILL; a graceful stop needs SIGTERM. Stateless.
/// </summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Returns false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
