using System.IO.Pipelines;
using System.Text;

namespace Jitsi.Net.XmppComponent.Tests;

/// <summary>Two connected in-memory byte streams, like the two ends of a TCP connection.</summary>
internal sealed class MemoryDuplex
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public MemoryDuplex()
    {
        Client = new End(_toClient.Reader, _toServer.Writer);
        Server = new End(_toServer.Reader, _toClient.Writer);
    }

    /// <summary>The end our library under test uses.</summary>
    public End Client { get; }

    /// <summary>The end the scripted peer uses.</summary>
    public End Server { get; }

    public sealed class End(PipeReader reader, PipeWriter writer) : Stream
    {
        private readonly Stream _read = reader.AsStream();
        private readonly Stream _write = writer.AsStream();
        private readonly StringBuilder _received = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _read.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _read.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _read.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _write.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _write.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _write.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _write.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public Task SendAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        /// <summary>Reads until the text received so far contains <paramref name="marker"/> (bounded by a timeout);
        /// returns everything received so far.</summary>
        public async Task<string> ReadUntilAsync(string marker, int timeoutMs = 5000)
        {
            using var cts = new CancellationTokenSource(timeoutMs);
            var buffer = new byte[65536];
            while (!_received.ToString().Contains(marker, StringComparison.Ordinal))
            {
                var n = await _read.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    break;
                }
                _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
            return _received.ToString();
        }

        /// <summary>Forgets what was received so far.</summary>
        public void Clear() => _received.Clear();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                writer.Complete();
                reader.Complete();
            }
            base.Dispose(disposing);
        }
    }
}
