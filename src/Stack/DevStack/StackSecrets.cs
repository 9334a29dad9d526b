using System.Text.Json;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.DevStack;

/// <summary>
/// The dev stack's secrets, generated once per data directory and kept in <c>secrets.json</c>
/// (owner-only) so restarts reuse them and the repository never holds any.
/// </summary>
internal sealed record StackSecrets(string ComponentSecret, string BridgePassword, string TurnSecret = "")
{
    public const string FileName = "secrets.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static StackSecrets LoadOrCreate(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            StackSecrets? stored = JsonSerializer.Deserialize<StackSecrets>(File.ReadAllText(path), Json);
            if (stored is { ComponentSecret.Length: > 0, BridgePassword.Length: > 0, TurnSecret.Length: > 0 })
            {
                return stored;
            }

            if (stored is { ComponentSecret.Length: > 0, BridgePassword.Length: > 0 })
            {
                // A data directory from before TURN: keep its secrets, add the TURN one.
                StackSecrets completed = stored with { TurnSecret = ProsodyOptions.NewSecret() };
                OwnerOnlyFile.Write(path, JsonSerializer.Serialize(completed, Json));
                return completed;
            }
        }

        var created = new StackSecrets(ProsodyOptions.NewSecret(), ProsodyOptions.NewSecret(), ProsodyOptions.NewSecret());
        Directory.CreateDirectory(dataDirectory);
        OwnerOnlyFile.Write(path, JsonSerializer.Serialize(created, Json));
        return created;
    }
}
