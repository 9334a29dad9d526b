namespace Jitsi.Net.Fuzz;

/// <summary>Checks a round-trip property inside a fuzz target.</summary>
internal static class Invariant
{
    public static void Check(bool holds, string what)
    {
        if (!holds)
        {
            throw Broken(what);
        }
    }

    /// <summary>For checks whose out variables are used afterwards: <c>if (!(…)) throw Invariant.Broken(…)</c>.</summary>
    public static FuzzInvariantException Broken(string what) => new(what);
}
