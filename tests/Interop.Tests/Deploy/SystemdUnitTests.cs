using System.Diagnostics;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// The units in <c>config/systemd/</c> parse without a warning (<c>systemd-analyze verify</c> reports unknown keys and
/// bad values but exits 0, so its output is what counts) and start the programs the way OPERATIONS.md installs them.
/// </summary>
public sealed class SystemdUnitTests
{
    [SystemdFact]
    public async Task Units_VerifyWithoutWarnings()
    {
        string directory = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(DevStackOptions.BuiltWebClient()))!, "config", "systemd");
        string[] units = Directory.GetFiles(directory, "*.service");
        Assert.Equal(["jitsi-net-focus.service", "jitsi-net-front.service", "jitsi-net-videobridge.service"], units.Select(Path.GetFileName).Order(StringComparer.Ordinal));

        foreach (string unit in units)
        {
            var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            start.ArgumentList.Add("verify");
            start.ArgumentList.Add("./" + Path.GetFileName(unit));
            using var verify = Process.Start(start)!;
            Task<string> output = verify.StandardOutput.ReadToEndAsync();
            Task<string> errors = verify.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await verify.WaitForExitAsync(timeout.Token);

            Assert.True(verify.ExitCode == 0 && (await errors).Trim().Length == 0, $"{unit}: {await output}{await errors}");
            string text = await File.ReadAllTextAsync(unit);
            Assert.Contains("EnvironmentFile=/etc/jitsi-net/", text, StringComparison.Ordinal);
            Assert.Contains("NoNewPrivileges=yes", text, StringComparison.Ordinal);
            Assert.Contains("RestartPreventExitStatus=2", text, StringComparison.Ordinal);
        }
    }

    /// <summary>Skipped, with the reason, where systemd's tools are not installed (containers without systemd).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    private sealed class SystemdFactAttribute : FactAttribute
    {
        public SystemdFactAttribute()
        {
            if (Jitsi.Net.Stack.Processes.ExecutableSearch.Find("systemd-analyze") is null)
            {
                Skip = "systemd-analyze is not installed here";
            }
        }
    }
}
