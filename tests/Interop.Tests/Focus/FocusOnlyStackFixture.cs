using System.Runtime.Versioning;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>Prosody and the Focus without a Videobridge process: the tests put scripted bridges in the brewery.</summary>
[SupportedOSPlatform("linux")]
public sealed class FocusOnlyStackFixture : StackFixture
{
    protected override bool StartBridge => false;
}
