namespace Jitsi.Net.Stack.Prosody;

/// <summary>Prosody could not be set up or started; the message says why and quotes its log.</summary>
public sealed class ProsodyStartException : Exception
{
    public ProsodyStartException()
    {
    }

    public ProsodyStartException(string message)
        : base(message)
    {
    }

    public ProsodyStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
