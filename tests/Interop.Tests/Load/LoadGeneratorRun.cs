using System.Diagnostics;
using System.Globalization;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Load;

/// <summary>Runs the built load generator as an operator would (optionally inside a network namespace) within a
/// bound, and reads the first row of its <c>steps.csv</c>.</summary>
internal static class LoadGeneratorRun
{
    public static string Program()
    {
        var program = DevStackOptions.BuiltProgram("LoadGenerator", "Jitsi.Net.LoadGenerator", DevStackOptions.OwnConfiguration());
        Assert.True(File.Exists(program), $"build src/LoadGenerator first: {program} is missing");
        return program;
    }

    /// <summary>Runs the generator with <paramref name="arguments"/> (in <paramref name="netns"/> when given); returns
    /// its exit code and output.</summary>
    public static async Task<(int ExitCode, string Log)> RunAsync(IEnumerable<string> arguments, TimeSpan bound, string? netns = null)
    {
        IEnumerable<string> command = ["dotnet", Program(), .. arguments];
        if (netns is not null)
        {
            command = ["ip", "netns", "exec", netns, .. command];
        }
        var list = command.ToList();
        var start = new ProcessStartInfo(list[0], list.Skip(1)) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The first step's row of <c>steps.csv</c> in <paramref name="directory"/>, by column name.</summary>
    public static async Task<Dictionary<string, string>> FirstStepAsync(string directory, string log)
    {
        var path = Path.Combine(directory, "steps.csv");
        Assert.True(File.Exists(path), log);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        return lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
