using System.Security.Cryptography;
using System.Text;

namespace Jitsi.Net.Interop.Tests.Prosody;

/// <summary>
/// The client side of SCRAM-SHA-1 without channel binding (RFC 5802 §3), written from the RFC to
/// check that accounts created by the fixture accept a SCRAM login.
/// </summary>
internal sealed class ScramSha1(string user, string password)
{
    private readonly string _clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    private string _clientFirstBare = "";
    private byte[] _serverSignature = [];

    /// <summary>client-first-message: gs2 header "n,," (no channel binding) + bare part.</summary>
    public string ClientFirst()
    {
        _clientFirstBare = $"n={user.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal)},r={_clientNonce}";
        return "n,," + _clientFirstBare;
    }

    /// <summary>client-final-message for the server-first-message "r=…,s=…,i=…".</summary>
    public string ClientFinal(string serverFirst)
    {
        Dictionary<string, string> fields = serverFirst.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        string nonce = fields["r"];
        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The server nonce does not extend ours.");
        }

        byte[] salt = Convert.FromBase64String(fields["s"]);
        int iterations = int.Parse(fields["i"], System.Globalization.CultureInfo.InvariantCulture);
        byte[] saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA1, 20);
        byte[] clientKey = HMACSHA1.HashData(saltedPassword, "Client Key"u8);
        byte[] storedKey = SHA1.HashData(clientKey);
        string withoutProof = $"c=biws,r={nonce}";
        byte[] authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        byte[] clientSignature = HMACSHA1.HashData(storedKey, authMessage);
        byte[] proof = new byte[clientKey.Length];
        for (int i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }

        byte[] serverKey = HMACSHA1.HashData(saltedPassword, "Server Key"u8);
        _serverSignature = HMACSHA1.HashData(serverKey, authMessage);
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    /// <summary>Whether server-final-message "v=…" proves the server knows the password too.</summary>
    public bool VerifyServerFinal(string serverFinal) =>
        serverFinal.StartsWith("v=", StringComparison.Ordinal)
        && Convert.FromBase64String(serverFinal[2..]).AsSpan().SequenceEqual(_serverSignature);
}
