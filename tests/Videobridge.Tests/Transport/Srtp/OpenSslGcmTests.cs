using System.Security.Cryptography;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>The direct OpenSSL AES-GCM agrees byte for byte with <see cref="AesGcm"/> (ciphertext and tag, 128- and
/// 256-bit keys, with and without associated data or plaintext, one context reused across packets), decrypts what
/// it encrypted, and answers a wrong tag with false rather than an exception, allocating nothing either way.</summary>
public sealed class OpenSslGcmTests
{
    [Theory]
    [InlineData(16, 1200, 12)]
    [InlineData(16, 100, 12)]
    [InlineData(16, 0, 24)]
    [InlineData(16, 37, 0)]
    [InlineData(32, 1200, 16)]
    public void Encrypt_MatchesAesGcm_AndDecryptsBack(int keyLength, int dataLength, int aadLength)
    {
        Assert.True(OpenSslGcm.IsSupported || !OperatingSystem.IsLinux(), "libcrypto 3 should load on Linux");
        if (!OpenSslGcm.IsSupported)
        {
            return;
        }
        var random = new Random(keyLength * 1000 + dataLength);
        var key = Bytes(random, keyLength);
        using var native = new OpenSslGcm(key);
        using var reference = new AesGcm(key, 16);
        for (var packet = 0; packet < 3; packet++)
        {
            var nonce = Bytes(random, 12);
            var plain = Bytes(random, dataLength);
            var aad = Bytes(random, aadLength);
            var expected = new byte[dataLength];
            var expectedTag = new byte[16];
            reference.Encrypt(nonce, plain, expected, expectedTag, aad);

            var data = (byte[])plain.Clone();
            var tag = new byte[16];
            Assert.True(native.Encrypt(nonce, data, tag, aad));
            Assert.Equal(expected, data);
            Assert.Equal(expectedTag, tag);

            Assert.True(native.Decrypt(nonce, data, tag, aad));
            Assert.Equal(plain, data);
        }
    }

    [Fact]
    public void WrongTag_IsFalse_WithoutAllocating()
    {
        if (!OpenSslGcm.IsSupported)
        {
            return;
        }
        var random = new Random(5);
        using var native = new OpenSslGcm(Bytes(random, 16));
        var nonce = Bytes(random, 12);
        var aad = Bytes(random, 12);
        var data = Bytes(random, 200);
        var tag = new byte[16];
        Assert.True(native.Encrypt(nonce, data, tag, aad));
        tag[3] ^= 1;
        Assert.False(native.Decrypt(nonce, (byte[])data.Clone(), tag, aad));
        var copy = new byte[data.Length];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            data.CopyTo(copy, 0);
            Assert.False(native.Decrypt(nonce, copy, tag, aad));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        // The context still works after failures.
        tag[3] ^= 1;
        Assert.True(native.Decrypt(nonce, data, tag, aad));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
