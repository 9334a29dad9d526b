using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Xml;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz targets for the XMPP XML stream tokenizer.</summary>
internal static class XmlTargets
{
    /// <summary>Any bytes, fed whole and then in 7-byte pieces: never throws, and both feedings give the same
    /// events and the same error, so the result never depends on how TCP split the input.</summary>
    [FuzzTarget("xml-stream")]
    public static void XmlStream(byte[] data)
    {
        var whole = Run(data, data.Length == 0 ? 1 : data.Length);
        var pieces = Run(data, 7);
        if (whole.Error != pieces.Error || whole.Events.Count != pieces.Events.Count)
        {
            throw new FuzzInvariantException($"split feeding changed the result: {whole.Error}/{whole.Events.Count} vs {pieces.Error}/{pieces.Events.Count}");
        }
        for (var i = 0; i < whole.Events.Count; i++)
        {
            var (a, b) = (whole.Events[i], pieces.Events[i]);
            if (a.Kind != b.Kind || (a.Element is not null && !XNode.DeepEquals(a.Element, b.Element)))
            {
                throw new FuzzInvariantException($"event {i} differs between whole and split feeding");
            }
            // What we parsed must serialise (no invalid characters slipped through).
            _ = a.Element?.ToString(SaveOptions.DisableFormatting);
        }
    }

    private static (List<XmlStreamEvent> Events, string? Error) Run(byte[] data, int piece)
    {
        var parser = new XmlStreamParser(4096);
        var events = new List<XmlStreamEvent>();
        XmlStreamError? error = null;
        for (var offset = 0; offset < data.Length && error is null; offset += piece)
        {
            error = parser.Feed(data.AsSpan(offset, Math.Min(piece, data.Length - offset)));
        }
        while (parser.TryRead(out var e))
        {
            events.Add(e);
        }
        return (events, error?.Condition);
    }
}
