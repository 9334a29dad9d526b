namespace Jitsi.Net.Fuzz;

/// <summary>Entry point for SharpFuzz harnesses: <c>Jitsi.Net.Fuzz &lt;target&gt;</c> reads inputs from stdin.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine("usage: Jitsi.Net.Fuzz <target>; targets: " + string.Join(", ", Targets.All.Keys));
            return 2;
        }
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            target(ms.ToArray());
        });
        return 0;
    }
}
