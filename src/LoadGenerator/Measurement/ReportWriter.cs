using System.Globalization;
using System.Text;

namespace Jitsi.Net.LoadGenerator.Measurement;

/// <summary>Writes a run's steps as <c>steps.csv</c> (one row per step, invariant culture), <c>summary.md</c>
/// (the same figures as a table, with what the run was) and <c>chart.png</c> (<see cref="ChartWriter"/>). Called once
/// at the end of a run.</summary>
internal static class ReportWriter
{
    private static readonly (string Header, Func<StepResult, object?> Value)[] Columns =
    [
        ("step", s => s.Step),
        ("rooms", s => s.Rooms),
        ("endpoints", s => s.Endpoints),
        ("seconds", s => s.Seconds),
        ("sent_pps", s => s.SentPacketsPerSecond),
        ("forwarded_pps", s => s.ReceivedPacketsPerSecond),
        ("forwarded_mbps", s => s.ReceivedMbps),
        ("expected_pps", s => s.ExpectedPacketsPerSecond),
        ("delivered_percent", s => s.DeliveredPercent),
        ("loss_percent", s => s.LossPercent),
        ("reordered", s => s.Reordered),
        ("latency_p50_ms", s => s.LatencyP50Ms),
        ("latency_p99_ms", s => s.LatencyP99Ms),
        ("latency_p999_ms", s => s.LatencyP999Ms),
        ("payload_checked", s => s.PayloadChecked),
        ("payload_mismatches", s => s.PayloadMismatches),
        ("frames_received", s => s.FramesReceived),
        ("key_frames_received", s => s.KeyFramesReceived),
        ("key_frame_requests", s => s.KeyFrameRequests),
        ("packets_per_send_call", s => s.PacketsPerSendCall),
        ("bridge_cpu_percent", s => s.BridgeCpuPercent),
        ("bridge_core_busy_percent", s => s.BridgeCoreBusyPercent),
        ("forwarded_per_cpu_second", s => s.ForwardedPerCpuSecond),
        ("forwarded_per_core_busy_second", s => s.ForwardedPerCoreBusySecond),
        ("cpu_percent_per_forwarded_mbps", s => s.CpuPercentPerForwardedMbps),
        ("bridge_rss_bytes", s => s.BridgeRssBytes),
        ("bridge_bytes_per_endpoint", s => s.BridgeBytesPerEndpoint),
        ("generator_cpu_percent", s => s.GeneratorCpuPercent),
        ("generator_headroom", s => s.GeneratorHeadroom),
        ("join_p50_ms", s => s.JoinP50Ms),
        ("join_max_ms", s => s.JoinMaxMs),
        ("connect_max_ms", s => s.ConnectMaxMs),
        ("keeps_up", s => s.KeepsUp ? 1 : 0),
    ];

    public static void Write(string directory, string title, string description, IReadOnlyList<StepResult> steps)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Columns.Select(c => c.Header)));
        foreach (var step in steps)
        {
            csv.AppendLine(string.Join(',', Columns.Select(c => Format(c.Value(step)))));
        }
        File.WriteAllText(Path.Combine(directory, "steps.csv"), csv.ToString());

        var md = new StringBuilder();
        md.AppendLine("# Load run").AppendLine().AppendLine(description).AppendLine();
        md.AppendLine("| step | endpoints | forwarded packets/s | forwarded Mbit/s | loss % | reordered | latency p50 / p99 / p99.9 ms | bridge CPU % | core busy % | forwarded per CPU-s (process / core) | CPU % per forwarded Mbit/s | bridge RSS MiB | KiB per endpoint | generator CPU % (headroom) | payload mismatches |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var s in steps)
        {
            md.AppendLine(Invariant($"| {s.Step} | {s.Endpoints} | {s.ReceivedPacketsPerSecond:N0} | {s.ReceivedMbps:F1} | {s.LossPercent:F3} | {s.Reordered} | {s.LatencyP50Ms:F3} / {s.LatencyP99Ms:F3} / {s.LatencyP999Ms:F3} | {Optional(s.BridgeCpuPercent, "F1")} | {Optional(s.BridgeCoreBusyPercent, "F1")} | {Optional(s.ForwardedPerCpuSecond, "N0")} / {Optional(s.ForwardedPerCoreBusySecond, "N0")} | {Optional(s.CpuPercentPerForwardedMbps, "F3")} | {Optional(s.BridgeRssBytes / 1048576.0, "F1")} | {Optional(s.BridgeBytesPerEndpoint / 1024.0, "F0")} | {s.GeneratorCpuPercent:F1} ({s.GeneratorHeadroom:F1}×) | {s.PayloadMismatches} of {s.PayloadChecked} |"));
        }
        var first = steps.FirstOrDefault(s => !s.KeepsUp);
        md.AppendLine().AppendLine(first is null
            ? "Kept up in every step (loss ≤ 1 %, at least 99 % of the expected packets delivered, p99 ≤ 50 ms)."
            : Invariant($"Stopped keeping up at step {first.Step} ({first.Endpoints} endpoints, {first.ExpectedPacketsPerSecond:N0} packets/s expected): delivered {first.DeliveredPercent:F1} %, loss {first.LossPercent:F2} %, p99 {first.LatencyP99Ms:F1} ms."));
        md.AppendLine().AppendLine("Latency is one way, send to receive through the bridge, on this host's monotonic clock; compare it with a");
        md.AppendLine("self-loop run (`--self-loop`) for the generator's own share. Loss counts gaps in each stream's sequence range.");
        md.AppendLine().AppendLine("![packets/s, CPU and latency per step](chart.png)");
        File.WriteAllText(Path.Combine(directory, "summary.md"), md.ToString());
        ChartWriter.Write(Path.Combine(directory, "chart.png"), title, steps);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Optional(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
