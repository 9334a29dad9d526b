using System.Security.Cryptography;
using System.Text;

namespace Jitsi.Net.XmppComponent.Connections.Sasl;

/// <summary>
/// The client side of SASL SCRAM-SHA-1 (RFC 5802) without channel binding (gs2 header <c>n,,</c>): builds the
/// client-first message, answers the server-first challenge with the proof, and verifies the server signature in
/// the final message (§3, §5). One instance per login; not thread-safe.
/// </summary>
public sealed class ScramSha1
{
    private const string Gs2Header = "n,,";
    private readonly string _password;
    private readonly string _clientNonce;
    private string? _authMessage;
    private byte[]? _serverSignature;

    public ScramSha1(string username, string password, string? clientNonce = null)
    {
        _password = password;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        // RFC 5802 §5.1: '=' and ',' in the name are escaped as =3D and =2C.
        ClientFirstBare = "n=" + username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal) + ",r=" + _clientNonce;
    }

    public string ClientFirstBare { get; }

    public string ClientFirstMessage => Gs2Header + ClientFirstBare;

    /// <summary>Computes client-final-message from server-first-message; false if the challenge is malformed
    /// or its nonce does not extend ours (§5.1).</summary>
    public bool TryGetClientFinal(string serverFirst, out string clientFinal)
    {
        clientFinal = "";
        var fields = ParseFields(serverFirst);
        if (!fields.TryGetValue('r', out var nonce) || !fields.TryGetValue('s', out var saltText) || !fields.TryGetValue('i', out var iterationText)
            || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length
            || !int.TryParse(iterationText, System.Globalization.NumberStyles.None, null, out var iterations) || iterations < 1 || iterations > 1_000_000)
        {
            return false;
        }
        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(saltText);
        }
        catch (FormatException)
        {
            return false;
        }
        var withoutProof = "c=" + Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header)) + ",r=" + nonce;
        _authMessage = ClientFirstBare + "," + serverFirst + "," + withoutProof;
        // SaltedPassword := Hi(Normalize(password), salt, i), Hi being PBKDF2 with HMAC-SHA-1 (§2.2).
        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), salt, iterations, HashAlgorithmName.SHA1, 20);
        var clientKey = HMACSHA1.HashData(saltedPassword, "Client Key"u8);
        var storedKey = SHA1.HashData(clientKey);
        var clientSignature = HMACSHA1.HashData(storedKey, Encoding.UTF8.GetBytes(_authMessage));
        var proof = new byte[clientKey.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }
        var serverKey = HMACSHA1.HashData(saltedPassword, "Server Key"u8);
        _serverSignature = HMACSHA1.HashData(serverKey, Encoding.UTF8.GetBytes(_authMessage));
        clientFinal = withoutProof + ",p=" + Convert.ToBase64String(proof);
        return true;
    }

    /// <summary>Checks server-final-message (<c>v=…</c>) in constant time.</summary>
    public bool VerifyServerFinal(string serverFinal)
    {
        if (_serverSignature is null || !ParseFields(serverFinal).TryGetValue('v', out var signature))
        {
            return false;
        }
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(signature), _serverSignature);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Dictionary<char, string> ParseFields(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result.TryAdd(part[0], part[2..]);
            }
        }
        return result;
    }
}
