namespace Jitsi.Net.Stack;

/// <summary>Writes files that hold secrets (keys, passwords, the component secret). Stateless.</summary>
internal static class OwnerOnlyFile
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/>, created with <paramref name="mode"/>
    /// (owner-only unless told otherwise) so it is never readable by others, not even briefly.
    /// </summary>
    public static void Write(string path, string text, UnixFileMode mode = OwnerReadWrite)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        // An existing file keeps its old mode on FileMode.Create.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
