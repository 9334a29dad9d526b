using System.Globalization;

namespace Jitsi.Net.LoadGenerator.Measurement;

/// <summary>
/// The few Linux /proc figures the report needs (proc(5)): a process's or thread's CPU time from its <c>stat</c>
/// (utime + stime), its resident set from <c>status</c> (VmRSS), and one core's busy time from <c>/proc/stat</c>,
/// which also counts the softirq time the network stack spends for a process pinned there. Values in seconds and
/// bytes; null where the file is missing (not Linux, process gone). Stateless; any thread.
/// </summary>
internal static class ProcFs
{
    // USER_HZ: the unit of every tick count in /proc, 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100.0;

    public static double? ProcessCpuSeconds(int pid) => StatCpuSeconds($"/proc/{pid}/stat");

    /// <summary>CPU time of this process's threads whose name starts with <paramref name="prefix"/>.</summary>
    public static double ThreadsCpuSeconds(string prefix)
    {
        double total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                var comm = TryRead(Path.Combine(task, "comm"))?.Trim();
                if (comm is not null && comm.StartsWith(prefix, StringComparison.Ordinal))
                {
                    total += StatCpuSeconds(Path.Combine(task, "stat")) ?? 0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return total;
    }

    public static long? ResidentBytes(int pid)
    {
        var status = TryRead($"/proc/{pid}/status");
        if (status is null)
        {
            return null;
        }
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return null;
    }

    /// <summary>Busy seconds of core <paramref name="core"/> since boot: everything but idle and iowait.</summary>
    public static double? CoreBusySeconds(int core)
    {
        var stat = TryRead("/proc/stat");
        if (stat is null)
        {
            return null;
        }
        var name = "cpu" + core.ToString(CultureInfo.InvariantCulture) + " ";
        foreach (var line in stat.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
            long busy = 0;
            for (var i = 0; i < Math.Min(fields.Length, 8); i++)
            {
                if (i is not (3 or 4))
                {
                    busy += fields[i];
                }
            }
            return busy / TicksPerSecond;
        }
        return null;
    }

    private static double? StatCpuSeconds(string path)
    {
        var stat = TryRead(path);
        if (stat is null)
        {
            return null;
        }
        // The name in parentheses may hold spaces; fields are counted after its closing parenthesis (field 3 = state).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
