using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Tests.Extensions;

/// <summary>
/// The PROTOCOL.md samples under <c>TestData/protocol</c> and the comparison the golden tests use: equal after
/// dropping namespace declarations and whitespace-only text, sorting attributes and treating <c>&lt;a&gt;&lt;/a&gt;</c>
/// as <c>&lt;a/&gt;</c> — what differs between a hand-written sample and a built element without changing its meaning.
/// </summary>
internal static class ProtocolSample
{
    public static XElement Load(string name) =>
        XDocument.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", name + ".xml")).Root!;

    public static XElement Normalize(XElement element) =>
        new(element.Name,
            element.Attributes().Where(a => !a.IsNamespaceDeclaration)
                .OrderBy(a => a.Name.NamespaceName, StringComparer.Ordinal).ThenBy(a => a.Name.LocalName, StringComparer.Ordinal)
                .Select(a => new XAttribute(a.Name, a.Value)),
            element.HasElements
                ? element.Elements().Select(Normalize)
                : element.Value.Length == 0 ? null : element.Value);

    public static void AssertSameXml(XElement expected, XElement actual)
    {
        var e = Normalize(expected);
        var a = Normalize(actual);
        Assert.True(XNode.DeepEquals(e, a), $"expected:\n{e}\nactual:\n{a}");
    }
}
