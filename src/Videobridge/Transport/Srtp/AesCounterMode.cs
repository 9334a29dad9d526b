using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block i is AES(key, IV + i)
/// with the block counter in the low 16 bits. .NET has no CTR mode, so counter blocks are written into a
/// reused buffer and encrypted with one ECB call. Owned by the context's thread (the Worker thread).</summary>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    // 96 blocks cover a 1,500-byte packet in one ECB call.
    private const int ChunkBlocks = 96;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[ChunkBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.SetKey(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        // The one-shot Aes.EncryptEcb builds a native context per call; a kept transform does not allocate.
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> in place with the keystream that starts at counter block <paramref name="iv"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var counter = BinaryPrimitives.ReadUInt16BigEndian(iv[14..]);
        while (!data.IsEmpty)
        {
            var blocks = Math.Min(ChunkBlocks, (data.Length + BlockSize - 1) / BlockSize);
            for (var i = 0; i < blocks; i++)
            {
                var block = _counters.AsSpan(i * BlockSize, BlockSize);
                iv[..14].CopyTo(block);
                BinaryPrimitives.WriteUInt16BigEndian(block[14..], counter++);
            }
            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            var count = Math.Min(data.Length, blocks * BlockSize);
            Xor(data[..count], _keystream);
            data = data[count..];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(data[i..]);
            }
        }
        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
