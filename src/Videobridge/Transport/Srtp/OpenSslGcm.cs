using System.Runtime.InteropServices;

namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>
/// AES-GCM (16-byte tag) on one OpenSSL <c>EVP_CIPHER_CTX</c> that keeps its key schedule and is re-initialised only
/// with each packet's IV, called directly through libcrypto's function pointers. The same cipher as
/// <see cref="System.Security.Cryptography.AesGcm"/> (which also uses OpenSSL on Linux), without the wrapper's cost on
/// each call — clearing OpenSSL's error queue before every native call and checking every result — which for a
/// media-sized packet costs several times the encryption itself. A bad tag is a false return, not an exception. Only
/// where libcrypto 3 loads (<see cref="IsSupported"/>); <see cref="AesGcmTransform"/> falls back to
/// <see cref="System.Security.Cryptography.AesGcm"/> elsewhere. Owned by one thread.
/// </summary>
internal sealed unsafe class OpenSslGcm : IDisposable
{
    public const int TagLength = 16;

    // EVP_CTRL_AEAD_GET_TAG and EVP_CTRL_AEAD_SET_TAG (openssl/evp.h).
    private const int GetTag = 0x10;
    private const int SetTag = 0x11;

    private static readonly Api? Functions = Api.TryLoad();

    private nint _context;

    public OpenSslGcm(ReadOnlySpan<byte> key)
    {
        var api = Functions ?? throw new PlatformNotSupportedException("libcrypto 3 is not available");
        var cipher = key.Length switch
        {
            16 => api.Aes128Gcm(),
            32 => api.Aes256Gcm(),
            _ => throw new ArgumentException("AES-GCM takes a 16- or 32-byte key", nameof(key)),
        };
        _context = api.NewContext();
        if (_context == 0)
        {
            throw new InvalidOperationException("EVP_CIPHER_CTX_new failed");
        }
        fixed (byte* k = key)
        {
            // Cipher and key once, for both directions; every packet then sets only its 12-byte IV (the default length).
            if (api.CipherInit(_context, cipher, 0, k, null, -1) != 1)
            {
                Dispose();
                throw new InvalidOperationException("EVP_CipherInit_ex failed");
            }
        }
    }

    /// <summary>libcrypto 3 could be loaded and has every function used here.</summary>
    public static bool IsSupported => Functions is not null;

    /// <summary>Encrypts <paramref name="data"/> in place under <paramref name="nonce"/> and writes the tag; false if
    /// OpenSSL failed (nothing usable was written).</summary>
    public bool Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        Run(nonce, data, tag, associatedData, encrypt: true);

    /// <summary>Decrypts <paramref name="data"/> in place; false when the tag does not verify (the data is then garbage).</summary>
    public bool Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> copy = stackalloc byte[TagLength];
        tag.CopyTo(copy);
        return Run(nonce, data, copy, associatedData, encrypt: false);
    }

    public void Dispose()
    {
        if (_context != 0)
        {
            Functions!.FreeContext(_context);
            _context = 0;
        }
    }

    private bool Run(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData, bool encrypt)
    {
        var api = Functions!;
        ObjectDisposedException.ThrowIf(_context == 0, this);
        if (nonce.Length != 12 || tag.Length != TagLength)
        {
            return false;
        }
        var enc = encrypt ? 1 : 0;
        int written;
        byte final;
        fixed (byte* iv = nonce)
        fixed (byte* d = data)
        fixed (byte* t = tag)
        fixed (byte* aad = associatedData)
        {
            if (api.CipherInit(_context, 0, 0, null, iv, enc) != 1)
            {
                return false;
            }
            if (associatedData.Length > 0 && api.CipherUpdate(_context, null, &written, aad, associatedData.Length) != 1)
            {
                return false;
            }
            if (data.Length > 0 && (api.CipherUpdate(_context, d, &written, d, data.Length) != 1 || written != data.Length))
            {
                return false;
            }
            if (!encrypt && api.Control(_context, SetTag, TagLength, t) != 1)
            {
                return false;
            }
            // GCM is a stream mode: the final call writes nothing; for decryption it is where the tag is checked.
            if (api.CipherFinal(_context, &final, &written) != 1)
            {
                return false;
            }
            return !encrypt || api.Control(_context, GetTag, TagLength, t) == 1;
        }
    }

    /// <summary>The libcrypto functions used, resolved once.</summary>
    private sealed class Api
    {
        public delegate* unmanaged<nint> NewContext;
        public delegate* unmanaged<nint, void> FreeContext;
        public delegate* unmanaged<nint> Aes128Gcm;
        public delegate* unmanaged<nint> Aes256Gcm;
        public delegate* unmanaged<nint, nint, nint, byte*, byte*, int, int> CipherInit;
        public delegate* unmanaged<nint, byte*, int*, byte*, int, int> CipherUpdate;
        public delegate* unmanaged<nint, byte*, int*, int> CipherFinal;
        public delegate* unmanaged<nint, int, int, void*, int> Control;

        public static Api? TryLoad()
        {
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
            {
                return null;
            }
            var api = new Api();
            if (!TryGet(library, "EVP_CIPHER_CTX_new", out var newContext) || !TryGet(library, "EVP_CIPHER_CTX_free", out var freeContext)
                || !TryGet(library, "EVP_aes_128_gcm", out var aes128) || !TryGet(library, "EVP_aes_256_gcm", out var aes256)
                || !TryGet(library, "EVP_CipherInit_ex", out var init) || !TryGet(library, "EVP_CipherUpdate", out var update)
                || !TryGet(library, "EVP_CipherFinal_ex", out var final) || !TryGet(library, "EVP_CIPHER_CTX_ctrl", out var control))
            {
                return null;
            }
            api.NewContext = (delegate* unmanaged<nint>)newContext;
            api.FreeContext = (delegate* unmanaged<nint, void>)freeContext;
            api.Aes128Gcm = (delegate* unmanaged<nint>)aes128;
            api.Aes256Gcm = (delegate* unmanaged<nint>)aes256;
            api.CipherInit = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int, int>)init;
            api.CipherUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)update;
            api.CipherFinal = (delegate* unmanaged<nint, byte*, int*, int>)final;
            api.Control = (delegate* unmanaged<nint, int, int, void*, int>)control;
            return api;
        }

        private static bool TryGet(nint library, string name, out nint address) => NativeLibrary.TryGetExport(library, name, out address);
    }
}
