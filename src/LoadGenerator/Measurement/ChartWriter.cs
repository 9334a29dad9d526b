using ScottPlot;

namespace Jitsi.Net.LoadGenerator.Measurement;

/// <summary>Draws a run's steps as <c>chart.png</c> (ScottPlot): on top, forwarded and expected packets/s per step
/// with the server's CPU (process, and the pinned core's busy time) on a right-hand axis; below, latency p50, p99 and
/// p99.9. The x axis is the endpoints of each step. Called once at the end of a run.</summary>
internal static class ChartWriter
{
    public static void Write(string path, string title, IReadOnlyList<StepResult> steps)
    {
        var x = steps.Select(s => (double)s.Endpoints).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);

        var load = multiplot.GetPlot(0);
        load.Title(title);
        Line(load, x, steps.Select(s => s.ReceivedPacketsPerSecond), "forwarded packets/s");
        Line(load, x, steps.Select(s => s.ExpectedPacketsPerSecond), "expected packets/s").LinePattern = LinePattern.Dashed;
        load.YLabel("packets/s");
        var cpu = steps.Any(s => s.BridgeCpuPercent is not null);
        if (cpu)
        {
            var process = Line(load, x, steps.Select(s => s.BridgeCpuPercent ?? double.NaN), "server CPU % (process)");
            process.Axes.YAxis = load.Axes.Right;
            if (steps.Any(s => s.BridgeCoreBusyPercent is not null))
            {
                var core = Line(load, x, steps.Select(s => s.BridgeCoreBusyPercent ?? double.NaN), "pinned core busy %");
                core.Axes.YAxis = load.Axes.Right;
                core.LinePattern = LinePattern.Dotted;
            }
            load.Axes.Right.Label.Text = "CPU % of one core";
        }
        load.ShowLegend(Alignment.UpperLeft);

        var latency = multiplot.GetPlot(1);
        Line(latency, x, steps.Select(s => s.LatencyP50Ms), "latency p50");
        Line(latency, x, steps.Select(s => s.LatencyP99Ms), "latency p99");
        Line(latency, x, steps.Select(s => s.LatencyP999Ms), "latency p99.9");
        latency.YLabel("ms (one way)");
        latency.XLabel("endpoints");
        latency.ShowLegend(Alignment.UpperLeft);

        multiplot.SavePng(path, 1000, 800);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, IEnumerable<double> y, string label)
    {
        var scatter = plot.Add.Scatter(x, y.ToArray());
        scatter.LegendText = label;
        scatter.MarkerSize = 6;
        return scatter;
    }
}
