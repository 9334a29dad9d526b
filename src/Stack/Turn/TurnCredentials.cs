using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jitsi.Net.Stack.Turn;

/// <summary>
/// Time-limited TURN credentials from a secret shared with the TURN server (the "TURN REST API" scheme,
/// draft-uberti-behave-turn-rest-00 §2.2, which coturn implements as <c>use-auth-secret</c>): the user name is
/// <c>&lt;expiry unix time&gt;:&lt;user&gt;</c> and the password is base64(HMAC-SHA1(secret, user name)). The TURN
/// server recomputes the password and refuses names whose expiry has passed. Stateless.
/// </summary>
public static class TurnCredentials
{
    /// <summary>Credentials for <paramref name="user"/> that expire <paramref name="lifetime"/> after <paramref name="now"/>.</summary>
    public static (string Username, string Password) Create(string secret, string user, DateTimeOffset now, TimeSpan lifetime)
    {
        long expires = now.Add(lifetime).ToUnixTimeSeconds();
        string username = expires.ToString(CultureInfo.InvariantCulture) + ":" + user;
        return (username, Password(secret, username));
    }

    /// <summary>The password the TURN server expects for <paramref name="username"/>.</summary>
    public static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
