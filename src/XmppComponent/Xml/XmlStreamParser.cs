using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Xml;

/// <summary>
/// Push tokenizer for one XMPP XML stream (RFC 6120 §4, §11). Bytes go in with <see cref="Feed"/> as they arrive
/// from the socket, in pieces of any size; complete top-level elements come out as <see cref="XElement"/> trees.
/// It never resolves a DTD or an entity: XMPP's restricted XML (RFC 6120 §11.1) forbids comments, processing
/// instructions, DTDs and entity references other than the five predefined ones and character references, and any
/// of them ends the stream with <c>restricted-xml</c>. A top-level element larger than the configured limit ends it
/// with <c>policy-violation</c>. Owned by the connection's read loop; not thread-safe.
/// </summary>
public sealed class XmlStreamParser
{
    /// <summary>Default largest accepted stanza, in bytes of UTF-8.</summary>
    public const int DefaultMaxStanzaBytes = 256 * 1024;

    /// <summary>Deepest nesting accepted; Jingle stanzas nest about eight levels.</summary>
    public const int MaxDepth = 64;

    private const string StreamNamespace = "http://etherx.jabber.org/streams";
    private static readonly XNamespace XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private readonly int _maxStanzaBytes;
    private readonly byte[] _pendingBytes = new byte[4];
    private int _pendingBytesCount;
    private readonly Queue<XmlStreamEvent> _events = new();
    private readonly List<Frame> _stack = [];
    private char[] _chars = new char[8192];
    private int _pos;
    private int _end;
    private long _stanzaBytes;
    private bool _streamEnded;
    private XmlStreamError? _error;

    public XmlStreamParser(int maxStanzaBytes = DefaultMaxStanzaBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStanzaBytes, 256);
        _maxStanzaBytes = maxStanzaBytes;
    }

    /// <summary>The default (content) namespace declared on the stream header, once it has been read.</summary>
    public string? ContentNamespace { get; private set; }

    /// <summary>Parses what <paramref name="data"/> completes. Returns the error that ends the stream, or null.
    /// Events found before an error are still queued.</summary>
    public XmlStreamError? Feed(ReadOnlySpan<byte> data)
    {
        if (_error is not null || _streamEnded)
        {
            return _error;
        }
        try
        {
            // Whatever precedes bad bytes or characters is parsed first, so the outcome never depends on how
            // the input was split into reads.
            var problem = Decode(data);
            Tokenize();
            Compact();
            if (problem is not null)
            {
                throw Fail(problem);
            }
        }
        catch (XmlStreamException e)
        {
            _error = e.Error;
        }
        return _error;
    }

    /// <summary>Takes the next parsed event, if any.</summary>
    public bool TryRead(out XmlStreamEvent streamEvent) => _events.TryDequeue(out streamEvent);

    /// <summary>Appends the UTF-8 of <paramref name="data"/> to the char buffer, up to the first invalid byte or
    /// character; returns the problem found there, if any. An incomplete sequence at the end waits for the next read.</summary>
    private XmlStreamError? Decode(ReadOnlySpan<byte> data)
    {
        byte[]? joined = null;
        if (_pendingBytesCount > 0)
        {
            joined = new byte[_pendingBytesCount + data.Length];
            _pendingBytes.AsSpan(0, _pendingBytesCount).CopyTo(joined);
            data.CopyTo(joined.AsSpan(_pendingBytesCount));
            data = joined;
            _pendingBytesCount = 0;
        }
        if (_end + data.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_end + data.Length, _chars.Length * 2));
        }
        var first = _end;
        var status = System.Text.Unicode.Utf8.ToUtf16(data, _chars.AsSpan(_end), out var read, out var written, replaceInvalidSequences: false, isFinalBlock: false);
        _end += written;
        if (status == System.Buffers.OperationStatus.NeedMoreData)
        {
            data[read..].CopyTo(_pendingBytes);
            _pendingBytesCount = data.Length - read;
        }
        for (var i = first; i < _end; i++)
        {
            var c = _chars[i];
            // XML 1.0 §2.2 Char: no C0 controls but TAB, LF, CR; no U+FFFE/U+FFFF. Surrogates come paired from the decoder.
            if ((c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF')
            {
                _end = i;
                return XmlStreamError.NotWellFormed($"character U+{(int)c:X4} is not allowed in XML");
            }
        }
        return status == System.Buffers.OperationStatus.InvalidData ? XmlStreamError.NotWellFormed("the stream is not valid UTF-8") : null;
    }

    private void Tokenize()
    {
        while (_pos < _end && !_streamEnded)
        {
            var consumed = _chars[_pos] == '<' ? TryMarkup() : TryText();
            if (consumed == 0)
            {
                break;
            }
            if (_stack.Count >= 2)
            {
                _stanzaBytes += Encoding.UTF8.GetByteCount(_chars.AsSpan(_pos, consumed));
            }
            _pos += consumed;
            CheckStanzaSize();
        }
        // An unfinished token is held back; it counts against the limit too, so a huge tag cannot grow forever.
        if (_stack.Count >= 1 && _stanzaBytes + (_end - _pos) > _maxStanzaBytes)
        {
            throw Fail(XmlStreamError.PolicyViolation($"stanza larger than {_maxStanzaBytes} bytes"));
        }
    }

    private void CheckStanzaSize()
    {
        if (_stanzaBytes > _maxStanzaBytes)
        {
            throw Fail(XmlStreamError.PolicyViolation($"stanza larger than {_maxStanzaBytes} bytes"));
        }
    }

    private void Compact()
    {
        if (_pos == 0)
        {
            return;
        }
        Array.Copy(_chars, _pos, _chars, 0, _end - _pos);
        _end -= _pos;
        _pos = 0;
    }

    /// <summary>Returns the number of chars of one complete markup token at <see cref="_pos"/>, or 0 if incomplete.</summary>
    private int TryMarkup()
    {
        var rest = _chars.AsSpan(_pos, _end - _pos);
        if (rest.Length < 2)
        {
            return 0;
        }
        switch (rest[1])
        {
            case '/':
                {
                    var close = rest.IndexOf('>');
                    if (close < 0)
                    {
                        return 0;
                    }
                    EndTag(rest[2..close].Trim());
                    return close + 1;
                }
            case '?':
                {
                    var close = rest.IndexOf("?>");
                    if (close < 0)
                    {
                        return 0;
                    }
                    // RFC 6120 §11.1 allows only the XML declaration, and only before the stream header.
                    if (_stack.Count == 0 && rest.StartsWith("<?xml") && rest.Length > 5 && char.IsWhiteSpace(rest[5]))
                    {
                        return close + 2;
                    }
                    throw Fail(XmlStreamError.RestrictedXml("processing instructions are not allowed"));
                }
            case '!':
                return Declaration(rest);
            default:
                {
                    var close = FindTagEnd(rest);
                    if (close < 0)
                    {
                        return 0;
                    }
                    StartTag(rest[1..close]);
                    return close + 1;
                }
        }
    }

    private int Declaration(ReadOnlySpan<char> rest)
    {
        const string CData = "<![CDATA[";
        if (rest.Length < CData.Length && CData.AsSpan().StartsWith(rest))
        {
            return 0;
        }
        if (!rest.StartsWith(CData))
        {
            throw Fail(rest.StartsWith("<!--")
                ? XmlStreamError.RestrictedXml("comments are not allowed")
                : XmlStreamError.RestrictedXml("DTDs and declarations are not allowed"));
        }
        var close = rest.IndexOf("]]>");
        if (close < 0)
        {
            return 0;
        }
        if (_stack.Count < 2)
        {
            throw Fail(XmlStreamError.NotWellFormed("character data outside a stanza"));
        }
        _stack[^1].Element.Add(new XText(rest[CData.Length..close].ToString()));
        return close + 3;
    }

    private static int FindTagEnd(ReadOnlySpan<char> rest)
    {
        var quote = '\0';
        for (var i = 1; i < rest.Length; i++)
        {
            var c = rest[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
            else if (c == '<')
            {
                throw Fail(XmlStreamError.NotWellFormed("'<' inside a tag"));
            }
        }
        return -1;
    }

    private int TryText()
    {
        var rest = _chars.AsSpan(_pos, _end - _pos);
        var lt = rest.IndexOf('<');
        if (lt < 0)
        {
            // Text ends only at the next tag; until it arrives, hold it (an entity may be split).
            return 0;
        }
        var raw = rest[..lt];
        if (_stack.Count < 2)
        {
            if (!raw.IsWhiteSpace())
            {
                throw Fail(XmlStreamError.NotWellFormed("text outside a stanza"));
            }
            return lt;
        }
        _stack[^1].Element.Add(new XText(DecodeEntities(raw, normalizeWhitespace: false)));
        return lt;
    }

    private void StartTag(ReadOnlySpan<char> content)
    {
        var selfClosing = content.Length > 0 && content[^1] == '/';
        if (selfClosing)
        {
            content = content[..^1];
        }
        var nameEnd = content.IndexOfAny(" \t\r\n");
        var rawName = (nameEnd < 0 ? content : content[..nameEnd]).ToString();
        var attributes = ParseAttributes(nameEnd < 0 ? [] : content[nameEnd..]);
        if (_stack.Count >= MaxDepth)
        {
            throw Fail(XmlStreamError.PolicyViolation($"elements nested deeper than {MaxDepth}"));
        }

        var frame = new Frame(rawName, _stack.Count == 0 ? null : _stack[^1]);
        foreach (var (name, value) in attributes)
        {
            if (name == "xmlns")
            {
                frame.DefaultNamespace = value;
            }
            else if (name.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                var prefix = name[6..];
                if (value.Length == 0 || prefix is "xml" or "xmlns")
                {
                    throw Fail(XmlStreamError.NotWellFormed($"invalid namespace declaration '{name}'"));
                }
                (frame.Prefixes ??= new(StringComparer.Ordinal))[prefix] = value;
            }
        }
        var element = new XElement(Resolve(frame, rawName, isAttribute: false));
        foreach (var (name, value) in attributes)
        {
            if (name == "xmlns" || name.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                continue;
            }
            var xname = Resolve(frame, name, isAttribute: true);
            if (element.Attribute(xname) is not null)
            {
                throw Fail(XmlStreamError.NotWellFormed($"duplicate attribute '{name}'"));
            }
            element.Add(new XAttribute(xname, value));
        }
        frame.Element = element;
        Push(frame, selfClosing);
    }

    private void Push(Frame frame, bool selfClosing)
    {
        var element = frame.Element;
        if (_stack.Count == 0)
        {
            if (element.Name.LocalName != "stream" || element.Name.NamespaceName != StreamNamespace)
            {
                throw Fail(element.Name.LocalName == "stream"
                    ? XmlStreamError.InvalidNamespace("the stream element is not in " + StreamNamespace)
                    : XmlStreamError.NotWellFormed("the stream must start with <stream:stream>"));
            }
            ContentNamespace = frame.DefaultNamespace;
            _events.Enqueue(new XmlStreamEvent(XmlStreamEventKind.StreamStart, element));
            if (selfClosing)
            {
                EndStream();
            }
            else
            {
                _stack.Add(frame);
            }
            return;
        }
        if (_stack.Count >= 2)
        {
            _stack[^1].Element.Add(element);
        }
        else
        {
            _stanzaBytes = 0;
        }
        if (selfClosing)
        {
            if (_stack.Count == 1)
            {
                _events.Enqueue(new XmlStreamEvent(XmlStreamEventKind.Element, element));
            }
            return;
        }
        _stack.Add(frame);
    }

    private void EndTag(ReadOnlySpan<char> rawName)
    {
        if (_stack.Count == 0 || !rawName.SequenceEqual(_stack[^1].RawName))
        {
            throw Fail(XmlStreamError.NotWellFormed($"unexpected end tag '</{rawName}>'"));
        }
        var frame = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (_stack.Count == 0)
        {
            EndStream();
        }
        else if (_stack.Count == 1)
        {
            _stanzaBytes = 0;
            _events.Enqueue(new XmlStreamEvent(XmlStreamEventKind.Element, frame.Element));
        }
    }

    private void EndStream()
    {
        _streamEnded = true;
        _events.Enqueue(new XmlStreamEvent(XmlStreamEventKind.StreamEnd, null));
    }

    private static List<(string Name, string Value)> ParseAttributes(ReadOnlySpan<char> s)
    {
        var result = new List<(string, string)>();
        var i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            if (i == s.Length)
            {
                return result;
            }
            var nameStart = i;
            while (i < s.Length && s[i] != '=' && !char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            var name = s[nameStart..i].ToString();
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            if (name.Length == 0 || i == s.Length || s[i] != '=')
            {
                throw Fail(XmlStreamError.NotWellFormed($"attribute '{name}' has no value"));
            }
            i++;
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            if (i == s.Length || s[i] is not ('"' or '\''))
            {
                throw Fail(XmlStreamError.NotWellFormed($"attribute '{name}' value is not quoted"));
            }
            var quote = s[i++];
            var valueEnd = s[i..].IndexOf(quote);
            if (valueEnd < 0)
            {
                throw Fail(XmlStreamError.NotWellFormed($"attribute '{name}' value is not closed"));
            }
            var raw = s.Slice(i, valueEnd);
            if (raw.Contains('<'))
            {
                throw Fail(XmlStreamError.NotWellFormed("'<' in an attribute value"));
            }
            result.Add((name, DecodeEntities(raw, normalizeWhitespace: true)));
            i += valueEnd + 1;
            if (i < s.Length && !char.IsWhiteSpace(s[i]))
            {
                throw Fail(XmlStreamError.NotWellFormed("attributes must be separated by white space"));
            }
        }
    }

    private static XName Resolve(Frame frame, string rawName, bool isAttribute)
    {
        var colon = rawName.IndexOf(':', StringComparison.Ordinal);
        var local = colon < 0 ? rawName : rawName[(colon + 1)..];
        try
        {
            XmlConvert.VerifyNCName(local);
            if (colon < 0)
            {
                // XML Namespaces §6.2: unprefixed attributes are in no namespace.
                return isAttribute ? XName.Get(local) : XName.Get(local, frame.LookupDefault());
            }
            var prefix = rawName[..colon];
            XmlConvert.VerifyNCName(prefix);
            if (prefix == "xml")
            {
                return XmlNamespace + local;
            }
            var ns = frame.LookupPrefix(prefix) ?? throw Fail(XmlStreamError.NotWellFormed($"undeclared prefix '{prefix}'"));
            return XName.Get(local, ns);
        }
        catch (XmlException)
        {
            throw Fail(XmlStreamError.NotWellFormed($"'{rawName}' is not a valid XML name"));
        }
    }

    private static string DecodeEntities(ReadOnlySpan<char> raw, bool normalizeWhitespace)
    {
        if (raw.IndexOf('&') < 0 && !(normalizeWhitespace && raw.IndexOfAny("\t\r\n") >= 0))
        {
            return raw.ToString();
        }
        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '&')
            {
                // XML 1.0 §3.3.3 attribute-value normalisation of literal white space.
                sb.Append(normalizeWhitespace && c is '\t' or '\r' or '\n' ? ' ' : c);
                continue;
            }
            var semi = raw[i..].IndexOf(';');
            if (semi < 0)
            {
                throw Fail(XmlStreamError.NotWellFormed("'&' without ';'"));
            }
            var entity = raw.Slice(i + 1, semi - 1);
            i += semi;
            switch (entity)
            {
                case "lt": sb.Append('<'); break;
                case "gt": sb.Append('>'); break;
                case "amp": sb.Append('&'); break;
                case "quot": sb.Append('"'); break;
                case "apos": sb.Append('\''); break;
                default:
                    if (entity.Length > 1 && entity[0] == '#')
                    {
                        AppendCharacterReference(sb, entity[1..]);
                        break;
                    }
                    throw Fail(XmlStreamError.RestrictedXml($"entity reference '&{entity};' is not allowed"));
            }
        }
        return sb.ToString();
    }

    private static void AppendCharacterReference(StringBuilder sb, ReadOnlySpan<char> digits)
    {
        var hex = digits.Length > 1 && digits[0] == 'x';
        var ok = hex
            ? int.TryParse(digits[1..], System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)
            : int.TryParse(digits, System.Globalization.NumberStyles.None, null, out code);
        var valid = ok && (code is 0x9 or 0xA or 0xD || code is >= 0x20 and <= 0xD7FF || code is >= 0xE000 and <= 0xFFFD || code is >= 0x10000 and <= 0x10FFFF);
        if (!valid)
        {
            throw Fail(XmlStreamError.NotWellFormed($"invalid character reference '&#{digits};'"));
        }
        sb.Append(char.ConvertFromUtf32(code));
    }

    private static XmlStreamException Fail(XmlStreamError error) => new(error);

    /// <summary>One open element and the namespace declarations it made.</summary>
    private sealed class Frame(string rawName, Frame? parent)
    {
        public string RawName { get; } = rawName;

        public XElement Element { get; set; } = null!;

        public string? DefaultNamespace { get; set; }

        public Dictionary<string, string>? Prefixes { get; set; }

        public string LookupDefault()
        {
            for (var f = this; f is not null; f = f.Parent)
            {
                if (f.DefaultNamespace is not null)
                {
                    return f.DefaultNamespace;
                }
            }
            return string.Empty;
        }

        public string? LookupPrefix(string prefix)
        {
            for (var f = this; f is not null; f = f.Parent)
            {
                if (f.Prefixes is not null && f.Prefixes.TryGetValue(prefix, out var ns))
                {
                    return ns;
                }
            }
            return null;
        }

        private Frame? Parent { get; } = parent;
    }
}
