namespace Jitsi.Net.Stack.DevStack;

/// <summary>
/// Writes the lines of several programs to one console, each with its name in brackets. Thread-safe:
/// output callbacks of different processes arrive on different threads.
/// </summary>
internal sealed class PrefixedConsole(TextWriter writer)
{
    private readonly Lock _lock = new();

    public Action<string> For(string name) => line => WriteLine(name, line);

    public void WriteLine(string name, string line)
    {
        lock (_lock)
        {
            writer.WriteLine($"[{name}] {line}");
            writer.Flush();
        }
    }
}
