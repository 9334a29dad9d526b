using System.Xml.Linq;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Conferences;

public sealed class ParticipantPresenceTests
{
    private static MucOccupant Occupant(string nick, string children) =>
        new(Jid.Parse("room@conference.meet.localhost/" + nick), Jid.Parse("u@meet.localhost/r"), "none", "participant",
            new Presence(XElement.Parse($"<presence xmlns='jabber:client' from='room@conference.meet.localhost/{nick}'>{children}</presence>")));

    [Fact]
    public void ReadsWhatLibJitsiMeetSends()
    {
        var presence = ParticipantPresence.From(Occupant("abcd1234",
            "<stats-id>Dominic-8Ep</stats-id><jitsi_participant_codecList>av1,VP9,h264</jitsi_participant_codecList>" +
            "<jitsi_participant_region>eu-west</jitsi_participant_region>" +
            "<SourceInfo>{\"abcd1234-a0\":{\"muted\":true},\"abcd1234-v0\":{\"muted\":false,\"videoType\":\"camera\"},\"abcd1234-v1\":{\"muted\":false,\"videoType\":\"desktop\"}}</SourceInfo>"));
        Assert.Equal("Dominic-8Ep", presence.StatsId);
        Assert.Equal(["av1", "vp9", "h264", "vp8"], presence.Codecs);
        Assert.Equal("eu-west", presence.Region);
        Assert.True(presence.AudioMuted);
        Assert.False(presence.VideoMuted);
        Assert.Equal("desktop", presence.Sources["abcd1234-v1"].VideoType);
        Assert.Equal('v', presence.Sources["abcd1234-v1"].MediaType);
    }

    [Fact]
    public void SourcesOfOtherEndpointsAndMissingMutedAreHandledAsJicofoDoes()
    {
        var presence = ParticipantPresence.From(Occupant("abcd1234",
            "<SourceInfo>{\"ffff0000-a0\":{\"muted\":false},\"abcd1234-a0\":{},\"abcd1234-v0\":{\"muted\":false,\"mediaType\":\"audio\"}}</SourceInfo>"));
        Assert.False(presence.Sources.ContainsKey("ffff0000-a0"));
        Assert.True(presence.Sources["abcd1234-a0"].Muted);
        Assert.Equal('a', presence.Sources["abcd1234-v0"].MediaType);
        Assert.False(presence.AudioMuted);
    }

    [Theory]
    [InlineData("<SourceInfo>not json</SourceInfo>")]
    [InlineData("<SourceInfo>[1,2]</SourceInfo>")]
    [InlineData("<SourceInfo>{\"abcd1234-a0\":5}</SourceInfo>")]
    [InlineData("")]
    public void MalformedOrMissingSourceInfoMeansNoUnmutedSources(string children)
    {
        var presence = ParticipantPresence.From(Occupant("abcd1234", children));
        Assert.True(presence.AudioMuted);
        Assert.True(presence.VideoMuted);
        Assert.Equal(["vp8"], presence.Codecs);
    }

    [Fact]
    public void LegacyMuteElementsOnlyWithoutSourceInfo()
    {
        var legacy = ParticipantPresence.From(Occupant("abcd1234", "<audiomuted>false</audiomuted><videomuted>true</videomuted>"));
        Assert.False(legacy.AudioMuted);
        Assert.True(legacy.VideoMuted);
        var both = ParticipantPresence.From(Occupant("abcd1234", "<audiomuted>false</audiomuted><SourceInfo>{}</SourceInfo>"));
        Assert.True(both.AudioMuted);
    }
}
