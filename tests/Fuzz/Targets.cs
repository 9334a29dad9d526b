using System.Reflection;

namespace Jitsi.Net.Fuzz;

/// <summary>Marks a static <c>void M(ReadOnlySpan&lt;byte&gt;)</c> or <c>void M(byte[])</c> method as a fuzz target.
/// The name is also the folder of its committed corpus under <c>tests/Fuzz/Corpus/&lt;name&gt;/</c>.
/// A target must never throw for any input; where a parser has a writer, it also asserts that
/// parse → write → parse is stable and throws <see cref="FuzzInvariantException"/> when it is not.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FuzzTargetAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>An invariant a fuzz target checks (e.g. round-trip stability) was broken.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);

/// <summary>Every fuzz target by name, found by reflection over this assembly.</summary>
public static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = Discover();

    private static Dictionary<string, Action<byte[]>> Discover()
    {
        var result = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal);
        foreach (var type in typeof(Targets).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var attribute = method.GetCustomAttribute<FuzzTargetAttribute>();
                if (attribute is null)
                {
                    continue;
                }
                result.Add(attribute.Name, method.CreateDelegate<Action<byte[]>>());
            }
        }
        return result;
    }
}
