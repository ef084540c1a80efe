using System.Text.Json;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// Resolves secrets named by addon settings (e.g. <c>service_settings.api_key</c> holds the name of an
/// AYON secret). Errors name the setting and the secret name, never a value.
/// </summary>
public sealed class AyonSecretResolver(IAyonApi api)
{
    /// <summary>
    /// Reads the string at <paramref name="settingPath"/> (dot-separated) in <paramref name="settings"/> and
    /// returns the value of the AYON secret with that name. An empty or missing setting, or a name without
    /// a secret, throws <see cref="AyonSecretException"/>.
    /// </summary>
    public async Task<string> ResolveAsync(JsonElement settings, string settingPath, CancellationToken cancellationToken)
    {
        var secretName = ReadSetting(settings, settingPath);
        var secrets = await api.GetSecretsAsync(cancellationToken);
        return Pick(secrets, settingPath, secretName);
    }

    /// <summary>The secret name stored at <paramref name="settingPath"/>; throws when it is missing or empty.</summary>
    public static string ReadSetting(JsonElement settings, string settingPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settingPath);
        var current = settings;
        foreach (var part in settingPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                throw new AyonSecretException($"Setting '{settingPath}' is missing from the addon settings.");
            }
        }

        if (current.ValueKind != JsonValueKind.String)
        {
            throw new AyonSecretException($"Setting '{settingPath}' must be a secret name (a string), but it is {current.ValueKind}.");
        }

        var name = current.GetString();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AyonSecretException($"Setting '{settingPath}' is empty: set it to the name of an AYON secret.");
        }

        return name.Trim();
    }

    /// <summary>Finds the secret named <paramref name="secretName"/>; throws naming the setting and the secret name when absent.</summary>
    public static string Pick(IEnumerable<AyonSecret> secrets, string settingPath, string secretName)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var secret = secrets.FirstOrDefault(s => string.Equals(s.Name, secretName, StringComparison.Ordinal));
        if (secret is null)
        {
            throw new AyonSecretException($"Setting '{settingPath}' names the AYON secret '{secretName}', but no secret with that name exists.");
        }

        if (string.IsNullOrEmpty(secret.Value))
        {
            throw new AyonSecretException($"The AYON secret '{secretName}' named by setting '{settingPath}' has no value visible to this service (it needs admin rights).");
        }

        return secret.Value;
    }
}

/// <summary>A secret named by a setting could not be resolved. The message names the setting and the secret, never a value.</summary>
public sealed class AyonSecretException : Exception
{
    public AyonSecretException()
    {
    }

    public AyonSecretException(string message) : base(message)
    {
    }

    public AyonSecretException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
