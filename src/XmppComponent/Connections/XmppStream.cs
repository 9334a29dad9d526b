using System.Buffers;
using System.IO.Pipelines;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;
using Jitsi.Net.XmppComponent.Xml;

namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>
/// One XML stream over a byte stream (a socket, a TLS stream, or an in-memory pipe in tests): writes the stream
/// header and elements, reads the peer's header and top-level elements through <see cref="XmlStreamParser"/>.
/// Reads go through a <see cref="PipeReader"/>; writes are serialised by a lock. Elements in the wire content
/// namespace (<c>jabber:component:accept</c> on a component stream) are mapped to <see cref="Namespaces.Client"/>
/// on the way in and back on the way out, so handlers see one namespace. A parse error sends the matching stream
/// error and throws <see cref="XmppStreamException"/>. One reader at a time; writers from any thread.
/// </summary>
public sealed class XmppStream : IAsyncDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly XNamespace _wireNamespace;
    private readonly int _maxStanzaBytes;
    private Stream _stream;
    private PipeReader _reader;
    private XmlStreamParser _parser;
    private bool _closed;
    private XmlStreamError? _pendingError;
    private bool _endOfInput;

    public XmppStream(Stream stream, XNamespace wireNamespace, int maxStanzaBytes = XmlStreamParser.DefaultMaxStanzaBytes)
    {
        _stream = stream;
        _wireNamespace = wireNamespace;
        _maxStanzaBytes = maxStanzaBytes;
        _parser = new XmlStreamParser(maxStanzaBytes);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>The stream in use (the TLS stream after STARTTLS).</summary>
    public Stream Inner => _stream;

    /// <summary>Starts over after STARTTLS or SASL (RFC 6120 §5.4.3.3, §6.4.6), optionally on a new byte stream.</summary>
    public async Task RestartAsync(Stream? newStream = null)
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        _stream = newStream ?? _stream;
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _parser = new XmlStreamParser(_maxStanzaBytes);
        _pendingError = null;
        _endOfInput = false;
    }

    /// <summary>Writes our stream header.</summary>
    public Task SendHeaderAsync(string to, string? from = null, string? id = null, bool version = true, CancellationToken cancellationToken = default)
    {
        var header = new StringBuilder("<?xml version='1.0'?><stream:stream xmlns='")
            .Append(_wireNamespace.NamespaceName).Append("' xmlns:stream='http://etherx.jabber.org/streams' to='")
            .Append(SecurityElement.Escape(to)).Append('\'');
        if (from is not null)
        {
            header.Append(" from='").Append(SecurityElement.Escape(from)).Append('\'');
        }
        if (id is not null)
        {
            header.Append(" id='").Append(SecurityElement.Escape(id)).Append('\'');
        }
        if (version)
        {
            header.Append(" version='1.0'");
        }
        header.Append('>');
        return SendRawAsync(header.ToString(), cancellationToken);
    }

    /// <summary>Reads the peer's stream header.</summary>
    public async Task<XElement> ReadHeaderAsync(CancellationToken cancellationToken = default)
    {
        var e = await ReadEventAsync(cancellationToken).ConfigureAwait(false);
        if (e.Kind != XmlStreamEventKind.StreamStart)
        {
            throw new XmppStreamException("not-well-formed", "expected a stream header", remote: false);
        }
        if (_parser.ContentNamespace != _wireNamespace.NamespaceName)
        {
            await SendErrorAsync("invalid-namespace", $"the content namespace must be {_wireNamespace.NamespaceName}").ConfigureAwait(false);
            throw new XmppStreamException("invalid-namespace", "peer declared " + _parser.ContentNamespace, remote: false);
        }
        return e.Element!;
    }

    /// <summary>Reads the next top-level element; null when the peer closed the stream (or the connection).
    /// A <c>stream:error</c> from the peer throws <see cref="XmppStreamException"/>.</summary>
    public async Task<XElement?> ReadElementAsync(CancellationToken cancellationToken = default)
    {
        var e = await ReadEventAsync(cancellationToken).ConfigureAwait(false);
        switch (e.Kind)
        {
            case XmlStreamEventKind.StreamEnd:
                return null;
            case XmlStreamEventKind.Element when e.Element!.Name == Namespaces.Streams + "error":
                var condition = e.Element.Elements().FirstOrDefault(x => x.Name.Namespace == Namespaces.StreamErrors && x.Name.LocalName != "text");
                throw new XmppStreamException(condition?.Name.LocalName ?? "undefined-condition",
                    (string?)e.Element.Element(Namespaces.StreamErrors + "text"), remote: true);
            case XmlStreamEventKind.Element:
                return FromWire(e.Element!);
            default:
                throw new XmppStreamException("not-well-formed", "a second stream header", remote: false);
        }
    }

    private async Task<XmlStreamEvent> ReadEventAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_parser.TryRead(out var e))
            {
                return e;
            }
            if (_pendingError is { } error)
            {
                await SendErrorAsync(error.Condition, error.Text).ConfigureAwait(false);
                throw new XmppStreamException(error.Condition, error.Text, remote: false);
            }
            if (_endOfInput)
            {
                return new XmlStreamEvent(XmlStreamEventKind.StreamEnd, null);
            }
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                _pendingError = _parser.Feed(segment.Span);
                if (_pendingError is not null)
                {
                    break;
                }
            }
            _reader.AdvanceTo(buffer.End);
            _endOfInput = result.IsCompleted;
        }
    }

    /// <summary>Writes one element (a stanza, or a negotiation element such as SASL).</summary>
    public Task SendAsync(XElement element, CancellationToken cancellationToken = default) =>
        SendRawAsync(ToWire(element).ToString(SaveOptions.DisableFormatting), cancellationToken);

    public async Task SendRawAsync(string text, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a stream error and closes our side (RFC 6120 §4.9.1.1). Best effort.</summary>
    public async Task SendErrorAsync(string condition, string? text = null)
    {
        // Written with the 'stream' prefix our header declared.
        var serialized = "<stream:error><" + SecurityElement.Escape(condition) + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            + (string.IsNullOrEmpty(text) ? "" : "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + SecurityElement.Escape(text) + "</text>")
            + "</stream:error>";
        await CloseAsync(serialized).ConfigureAwait(false);
    }

    /// <summary>Ends our stream with <c>&lt;/stream:stream&gt;</c> (after <paramref name="before"/>, if given). Best effort.</summary>
    public async Task CloseAsync(string? before = null)
    {
        if (_closed)
        {
            return;
        }
        try
        {
            await SendRawAsync((before ?? "") + "</stream:stream>").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already.
        }
        _closed = true;
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private XElement FromWire(XElement element)
    {
        if (_wireNamespace == Namespaces.Client)
        {
            return element;
        }
        foreach (var e in element.DescendantsAndSelf())
        {
            if (e.Name.Namespace == _wireNamespace)
            {
                e.Name = Namespaces.Client + e.Name.LocalName;
            }
        }
        return element;
    }

    private XElement ToWire(XElement element)
    {
        if (_wireNamespace == Namespaces.Client || !element.DescendantsAndSelf().Any(e => e.Name.Namespace == Namespaces.Client))
        {
            return element;
        }
        var copy = new XElement(element);
        foreach (var e in copy.DescendantsAndSelf())
        {
            if (e.Name.Namespace == Namespaces.Client)
            {
                e.Name = _wireNamespace + e.Name.LocalName;
            }
        }
        return copy;
    }
}
