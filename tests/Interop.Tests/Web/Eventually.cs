namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>Polls a condition until it holds or a bound passes; never waits longer than the bound.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan bound, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not within {bound.TotalSeconds:0} s: {await describe()}");
            }
            await Task.Delay(Interval);
        }
    }
}
