using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Jitsi.Net.Interop.Tests.Prosody;

/// <summary>
/// A bare TCP (optionally TLS) connection that writes raw XML and reads text until a marker shows
/// up, so the server config is checked without the project's XMPP library.
/// </summary>
internal sealed class RawXmppStream : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private Stream _stream;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[16 * 1024];

    private RawXmppStream(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawXmppStream> ConnectAsync(string host, int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host, port);
        return new RawXmppStream(client);
    }

    /// <summary>Opens a client stream to <paramref name="domain"/> and returns the text up to the end of its features.</summary>
    public async Task<string> OpenClientStreamAsync(string domain)
    {
        await SendAsync(
            $"<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' xml:lang='en' " +
            "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        return await ReadUntilAsync("</stream:features>");
    }

    public async Task SendAsync(string xml)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends what may make the server close the connection half-way (oversized or broken input): a write
    /// the closed socket refuses is not an error here.</summary>
    public async Task SendUntilClosedAsync(string xml)
    {
        try
        {
            await SendAsync(xml);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Reads until the server closes the connection or <paramref name="marker"/> arrives, bounded by the read
    /// timeout; returns everything received and whether the connection was closed.</summary>
    public async Task<(string Text, bool Closed)> ReadUntilClosedAsync(string? marker = null)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            while (marker is null || !_received.ToString().Contains(marker, StringComparison.Ordinal))
            {
                int read = await _stream.ReadAsync(_buffer, timeout.Token);
                if (read == 0)
                {
                    return (_received.ToString(), true);
                }
                _received.Append(Encoding.UTF8.GetString(_buffer, 0, read));
            }
        }
        catch (IOException)
        {
            return (_received.ToString(), true);
        }
        catch (OperationCanceledException)
        {
            return (_received.ToString(), false);
        }
        return (_received.ToString(), false);
    }

    /// <summary>Reads until the received text contains <paramref name="marker"/>; returns and consumes the text up to and including it.</summary>
    public Task<string> ReadUntilAsync(string marker) => ReadUntilAsync(new Regex(Regex.Escape(marker)));

    /// <summary>Reads until <paramref name="pattern"/> matches the received text; returns and consumes the text up to the end of the match.</summary>
    public async Task<string> ReadUntilAsync(Regex pattern)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            string text = _received.ToString();
            Match match = pattern.Match(text);
            if (match.Success)
            {
                int end = match.Index + match.Length;
                _received.Remove(0, end);
                return text[..end];
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No match for '{pattern}' within {ReadTimeout}; received: {text}");
            }

            if (read == 0)
            {
                throw new EndOfStreamException($"Stream closed before a match for '{pattern}'; received: {text}");
            }

            _received.Append(Encoding.UTF8.GetString(_buffer, 0, read));
        }
    }

    /// <summary>
    /// Reads the next <c>&lt;localName …&gt;</c> element, self-closing or not, skipping what comes
    /// before it; enough for flat replies such as presence, success or iq.
    /// </summary>
    public async Task<string> ReadElementAsync(string localName)
    {
        await ReadUntilAsync("<" + localName);
        string head = await ReadUntilAsync(">");
        if (head.EndsWith("/>", StringComparison.Ordinal))
        {
            return $"<{localName}{head}";
        }

        return $"<{localName}{head}{await ReadUntilAsync($"</{localName}>")}";
    }

    /// <summary>STARTTLS (RFC 6120 §5.4) accepting only the certificate in <paramref name="trustedCertificatePath"/>.</summary>
    public async Task StartTlsAsync(string domain, string trustedCertificatePath)
    {
        await SendAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        await ReadElementAsync("proceed");
        using X509Certificate2 trusted = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(trustedCertificatePath));
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData));
        await tls.AuthenticateAsClientAsync(domain);
        _stream = tls;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
