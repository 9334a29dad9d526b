using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Interop.Tests.Fixtures;

/// <summary>A private XMPP server a test fixture started: Prosody, or ejabberd with the same domains and ports.</summary>
public interface IXmppServer
{
    /// <summary>"prosody" or "ejabberd", for messages and server-specific expectations.</summary>
    string Name { get; }

    ProsodyOptions Options { get; }

    /// <summary>The server's certificate, which clients trust.</summary>
    string CertificatePath { get; }
}
