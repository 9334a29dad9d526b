using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Jitsi.Net.Benchmarks;

/// <summary>The floor under SRTP-GCM: one <see cref="AesGcm.Encrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// of a 1,200-byte payload with a 12-byte header as associated data.</summary>
[MemoryDiagnoser]
public class AesGcmBenchmarks
{
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _associatedData = new byte[12];
    private readonly byte[] _plaintext = new byte[1200];
    private readonly byte[] _ciphertext = new byte[1200];
    private readonly byte[] _tag = new byte[16];
    private AesGcm _gcm = null!;

    [GlobalSetup]
    public void Setup() => _gcm = new AesGcm(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), 16);

    [GlobalCleanup]
    public void Cleanup() => _gcm.Dispose();

    [Benchmark]
    public void SrtpAesGcmEncrypt1200Reference() => _gcm.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _associatedData);
}
