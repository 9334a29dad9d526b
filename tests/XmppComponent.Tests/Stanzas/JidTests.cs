using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Stanzas;

public sealed class JidTests
{
    [Theory]
    [InlineData("room@conference.meet.localhost/focus", "room", "conference.meet.localhost", "focus")]
    [InlineData("focus.meet.localhost", null, "focus.meet.localhost", null)]
    [InlineData("JVB@Auth.Meet.Localhost/Bridge-1", "jvb", "auth.meet.localhost", "Bridge-1")]
    [InlineData("a@b/c/d@e", "a", "b", "c/d@e")]
    [InlineData("meet.localhost.", null, "meet.localhost", null)]
    public void ParsesThePartsOfRfc7622(string text, string? local, string domain, string? resource)
    {
        var jid = Jid.Parse(text);
        Assert.Equal(local, jid.Local);
        Assert.Equal(domain, jid.Domain);
        Assert.Equal(resource, jid.Resource);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@domain")]
    [InlineData("user@")]
    [InlineData("user@domain/")]
    [InlineData("us er@domain")]
    [InlineData("us\"er@domain")]
    [InlineData("user@do main")]
    [InlineData("user@dom<ain")]
    [InlineData("a:b@domain")]
    [InlineData("user@domain/res\u0001")]
    public void RejectsMalformedAddresses(string text)
    {
        Assert.False(Jid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Jid.Parse(text));
    }

    [Fact]
    public void RejectsPartsLongerThan1023Bytes()
    {
        Assert.True(Jid.TryParse(new string('a', 1023) + "@d", out _));
        Assert.False(Jid.TryParse(new string('a', 1024) + "@d", out _));
        Assert.False(Jid.TryParse("u@d/" + new string('\u00e9', 512), out _)); // 1024 bytes of UTF-8
        Assert.False(Jid.TryParse(new string('d', 1024), out _));
    }

    [Fact]
    public void EqualityIgnoresCaseOfLocalAndDomainButNotResource()
    {
        Assert.Equal(Jid.Parse("A@B/r"), Jid.Parse("a@b/r"));
        Assert.NotEqual(Jid.Parse("a@b/R"), Jid.Parse("a@b/r"));
        Assert.Equal(Jid.Parse("a@b"), Jid.Parse("a@b/r").Bare);
        Assert.Equal("a@b/x", Jid.Parse("a@b").WithResource("x").ToString());
    }
}
