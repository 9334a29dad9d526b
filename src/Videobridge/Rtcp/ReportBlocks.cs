namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>A view over consecutive 24-byte report blocks (RFC 3550 §6.4.1) inside a sender or receiver report,
/// read on demand so parsing never allocates. Build one over a scratch span filled with
/// <see cref="ReportBlock.TryWrite"/> to send. Lives on the Worker thread's stack.</summary>
internal readonly ref struct ReportBlocks
{
    public ReportBlocks(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes[..(bytes.Length - (bytes.Length % ReportBlock.Size))];
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public int Count => Bytes.Length / ReportBlock.Size;

    public ReportBlock this[int index]
    {
        get
        {
            _ = ReportBlock.TryParse(Bytes.Slice(index * ReportBlock.Size, ReportBlock.Size), out var block);
            return block;
        }
    }

    /// <summary>Writes <paramref name="blocks"/> into <paramref name="scratch"/> and returns a view of them.</summary>
    public static ReportBlocks Write(ReadOnlySpan<ReportBlock> blocks, Span<byte> scratch)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            _ = blocks[i].TryWrite(scratch[(i * ReportBlock.Size)..], out _);
        }
        return new ReportBlocks(scratch[..(blocks.Length * ReportBlock.Size)]);
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>Yields each block by value.</summary>
    public ref struct Enumerator(ReportBlocks blocks)
    {
        private readonly ReportBlocks _blocks = blocks;
        private int _index = -1;

        public readonly ReportBlock Current => _blocks[_index];

        public bool MoveNext() => ++_index < _blocks.Count;
    }
}
