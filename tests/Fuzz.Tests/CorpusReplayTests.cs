using Jitsi.Net.Fuzz;

namespace Jitsi.Net.Fuzz.Tests;

/// <summary>Replays every committed corpus file through its fuzz target: none may throw.</summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(AppContext.BaseDirectory, "Corpus");
        foreach (var target in Targets.All.Keys.Order(StringComparer.Ordinal))
        {
            var folder = Path.Combine(root, target);
            if (!Directory.Exists(folder))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }
        return data;
    }

    [Fact]
    public void EveryTargetHasACorpus()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Corpus");
        foreach (var target in Targets.All.Keys)
        {
            var folder = Path.Combine(root, target);
            Assert.True(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), $"fuzz target '{target}' has no corpus under tests/Fuzz/Corpus/{target}");
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CorpusInputNeverThrows(string target, string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", target, file));
        Targets.All[target](bytes);
    }
}
