using System.Text;
using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class SourceDescriptionTests
{
    [Fact]
    public void CnameParsesAndWritesSameBytes()
    {
        Assert.True(SourceDescription.TryParse(RtcpVectors.Cname, out var sdes));
        Assert.Equal(1, sdes.ChunkCount);
        var chunks = 0;
        foreach (var chunk in sdes)
        {
            chunks++;
            Assert.Equal(0x11223344u, chunk.Ssrc);
            Assert.True(chunk.TryGetItem(SdesItem.Cname, out var cname));
            Assert.Equal("abcdEFGH12345678", Encoding.ASCII.GetString(cname));
            Assert.False(chunk.TryGetItem(SdesItem.Tool, out _));
        }
        Assert.Equal(1, chunks);

        var written = new byte[28];
        Assert.True(sdes.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.Cname, written[..length]);
        Assert.True(SourceDescription.TryWriteCname(written, 0x11223344, "abcdEFGH12345678"u8, out length));
        Assert.Equal(RtcpVectors.Cname, written[..length]);
    }

    [Fact]
    public void TwoChunksWithSeveralItems()
    {
        byte[] vector =
        [
            0x82, 0xCA, 0x00, 0x06, // V=2 P=0 SC=2 | PT=202 | length 6 → 28 bytes
            0x00, 0x00, 0x00, 0x01, // chunk 1: SSRC 1
            0x01, 0x01, 0x61, 0x06, // CNAME length 1 "a" | TOOL=6…
            0x02, 0x6A, 0x73, 0x00, // …length 2 "js" | END
            0x00, 0x00, 0x00, 0x02, // chunk 2: SSRC 2
            0x01, 0x02, 0x62, 0x63, // CNAME length 2 "bc"
            0x00, 0x00, 0x00, 0x00, // END | null padding (a whole word of nulls is allowed)
        ];
        Assert.True(SourceDescription.TryParse(vector, out var sdes));
        var seen = new List<string>();
        foreach (var chunk in sdes)
        {
            foreach (var item in chunk)
            {
                seen.Add($"{chunk.Ssrc}:{item.Type}:{Encoding.ASCII.GetString(item.Value)}");
            }
        }
        Assert.Equal(["1:1:a", "1:6:js", "2:1:bc"], seen);
        var written = new byte[28];
        Assert.True(sdes.TryWrite(written, out var length));
        Assert.Equal(vector, written[..length]);
    }

    [Fact]
    public void MalformedChunksAreRejected()
    {
        var noEnd = (byte[])RtcpVectors.Cname.Clone();
        noEnd[9] = 0x12; // item length 18 swallows the END octet
        Assert.False(SourceDescription.TryParse(noEnd, out _));
        var tooManyChunks = (byte[])RtcpVectors.Cname.Clone();
        tooManyChunks[0] = 0x82;
        Assert.False(SourceDescription.TryParse(tooManyChunks, out _));
        var itemPastEnd = (byte[])RtcpVectors.Cname.Clone();
        itemPastEnd[9] = 0xFF;
        Assert.False(SourceDescription.TryParse(itemPastEnd, out _));
    }
}
