using Jitsi.Net.XmppComponent.Connections.Sasl;

namespace Jitsi.Net.XmppComponent.Tests.Connections;

/// <summary>The SCRAM-SHA-1 exchange of RFC 5802 §5 (user "user", password "pencil").</summary>
public sealed class ScramSha1Tests
{
    [Fact]
    public void Rfc5802Example()
    {
        var scram = new ScramSha1("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        Assert.Equal("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", scram.ClientFirstMessage);
        Assert.True(scram.TryGetClientFinal("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", out var final));
        Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", final);
        Assert.True(scram.VerifyServerFinal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
        Assert.False(scram.VerifyServerFinal("v=AAAApqV8S7suAoZWja4dJRkFsKQ="));
    }

    [Theory]
    [InlineData("r=someone-elses-nonce,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLx,s=!!notbase64,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=0")]
    [InlineData("garbage")]
    public void MalformedChallengesAreRefused(string serverFirst)
    {
        var scram = new ScramSha1("user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        Assert.False(scram.TryGetClientFinal(serverFirst, out _));
    }

    [Fact]
    public void EscapesCommaAndEqualsInTheUsername()
    {
        Assert.Equal("n=a=2Cb=3Dc,r=n1", new ScramSha1("a,b=c", "p", "n1").ClientFirstBare);
    }
}
