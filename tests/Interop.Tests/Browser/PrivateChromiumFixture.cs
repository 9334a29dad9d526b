namespace Jitsi.Net.Interop.Tests.Browser;

/// <summary>
/// A Chromium of a test class's own, for tests that depend on the fake camera's capture size: Chromium's fake capture
/// device is shared by every page of one browser, and a device another test's page still holds open at another size
/// hands new pages that size. A class in <see cref="ChromiumFixture.Collection"/> that uses this still runs serially
/// with the other browser tests.
/// </summary>
public sealed class PrivateChromiumFixture : IAsyncLifetime
{
    public ChromiumFixture Chromium { get; } = new();

    public Task InitializeAsync() => Chromium.InitializeAsync();

    public Task DisposeAsync() => Chromium.DisposeAsync();
}
