namespace Jitsi.Net.Stack.Processes;

/// <summary>Resolves a program name the way a shell does, to report a missing one clearly. Stateless.</summary>
internal static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="fileName"/>, or null when there is no such executable.</summary>
    public static string? Find(string fileName)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(fileName) ? Path.GetFullPath(fileName) : null;
        }

        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, fileName)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
