using System.Collections;
using System.Reflection;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.XmppComponent.Tests.Extensions;

/// <summary>
/// Every view over every element of every sample, with each attribute value in turn replaced by hostile text, reads
/// every property and runs every validation without an exception (network input never throws, DESIGN.md §4).
/// </summary>
public sealed class NeverThrowsTests
{
    private static readonly string[] HostileValues = ["", "x", "-1", "0", "4294967296", "99999999999999999999999", "{\"sources\":", " 1 ", "NaN"];

    /// <summary>Each view type with a public <c>ElementName</c> and a constructor taking the element.</summary>
    private static readonly Dictionary<XName, ConstructorInfo> Views = typeof(ElementView).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ElementView)) && !t.IsAbstract)
        .Select(t => (Name: t.GetField("ElementName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as XName,
            Constructor: t.GetConstructor([typeof(XElement)])))
        .Where(v => v.Name is not null && v.Constructor is not null)
        .GroupBy(v => v.Name!)
        .ToDictionary(g => g.Key, g => g.First().Constructor!);

    public static TheoryData<string> Samples() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "protocol"), "*.xml").Select(Path.GetFileNameWithoutExtension).OfType<string>()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void HostileAttributeValuesNeverThrow(string sample)
    {
        var original = ProtocolSample.Load(sample);
        var attributeCount = original.DescendantsAndSelf().SelectMany(e => e.Attributes()).Count(a => !a.IsNamespaceDeclaration);
        for (var index = 0; index < attributeCount; index++)
        {
            foreach (var value in HostileValues)
            {
                var copy = new XElement(original);
                copy.DescendantsAndSelf().SelectMany(e => e.Attributes()).Where(a => !a.IsNamespaceDeclaration).ElementAt(index).Value = value;
                ReadEverything(copy);
                var withoutIt = new XElement(original);
                withoutIt.DescendantsAndSelf().SelectMany(e => e.Attributes()).Where(a => !a.IsNamespaceDeclaration).ElementAt(index).Remove();
                ReadEverything(withoutIt);
            }
        }
    }

    [Fact]
    public void EveryViewIsCovered() => Assert.True(Views.Count >= 30, $"{Views.Count} views found");

    private static void ReadEverything(XElement root)
    {
        foreach (var element in root.DescendantsAndSelf())
        {
            if (Views.TryGetValue(element.Name, out var constructor))
            {
                Read(constructor.Invoke([element]));
            }
        }
    }

    private static void Read(object view)
    {
        foreach (var property in view.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (property.GetValue(view) is IEnumerable items and not string)
            {
                foreach (var item in items)
                {
                    _ = item;
                }
            }
        }
        switch (view)
        {
            case JingleElement jingle:
                jingle.TryValidate(out _);
                jingle.TryGetSources("e", 100, out _, out _);
                break;
            case CandidateElement candidate:
                candidate.TryValidate(out _);
                break;
            case SourceGroupElement group:
                group.TryGetSsrcs(out _, out _);
                break;
            case XmppComponent.Extensions.Colibri2.ConferenceModifyElement modify:
                modify.TryValidate(out _);
                break;
            case XmppComponent.Extensions.Colibri2.SourcesElement sources:
                sources.TryGetSources("e", 100, out _, out _);
                break;
        }
    }
}
