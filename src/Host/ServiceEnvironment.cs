
namespace AyonFtrack.Host;

/// <summary>
/// ASH's container variables (ayon-protocol.md §1.1) mapped onto configuration keys, so that appsettings.json,
/// the environment and the command line can all set them, in that order of precedence.
/// </summary>
public static class ServiceEnvironment
{
    /// <summary>Environment variable → configuration key.</summary>
    public static readonly IReadOnlyList<(string Variable, string Key)> Map =
    [
        ("AYON_SERVER_URL", "Ayon:ServerUrl"),
        ("AYON_API_KEY", "Ayon:ApiKey"),
        ("AYON_ADDON_NAME", "Ayon:AddonName"),
        ("AYON_ADDON_VERSION", "Ayon:AddonVersion"),
        ("AYON_SERVICE_NAME", "Ayon:ServiceName"),
        ("AYON_DEFAULT_SETTINGS_VARIANT", "Ayon:Variant"),
        ("AYON_FTRACK_MODE", "Mode"),
        ("AYON_FTRACK_DATA_DIR", "DataDirectory"),
        ("FTRACK_SERVER", "Ftrack:ServerUrl"),
        ("FTRACK_API_USER", "Ftrack:ApiUser"),
        ("FTRACK_API_KEY", "Ftrack:ApiKey"),
    ];

    /// <summary>The settings a service cannot start without, with the variable that usually carries them.</summary>
    public static readonly IReadOnlyList<(string Key, string Variable, string Meaning)> Required =
    [
        ("Ayon:ServerUrl", "AYON_SERVER_URL", "the AYON server URL"),
        ("Ayon:ApiKey", "AYON_API_KEY", "the API key of the AYON service user"),
        ("Ayon:AddonVersion", "AYON_ADDON_VERSION", "the ftrack addon version whose settings the service reads"),
    ];

    /// <summary>Adds the ASH variables present in <paramref name="environment"/> as configuration keys.</summary>
    public static IConfigurationBuilder AddServiceEnvironment(this IConfigurationBuilder builder, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string?>();
        foreach (var (variable, key) in Map)
        {
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                values[key] = value;
            }
        }

        return builder.AddInMemoryCollection(values);
    }

    /// <summary>The current process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string?> Current() =>
        Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first required setting that is missing or invalid.</summary>
    public static void Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, variable, meaning) in Required)
        {
            if (string.IsNullOrWhiteSpace(configuration[key]))
            {
                throw new ConfigurationException($"{variable} is not set ({meaning}; or configuration key {key}).");
            }
        }

        var url = configuration["Ayon:ServerUrl"];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigurationException($"AYON_SERVER_URL is not an http(s) URL: '{url}'.");
        }
    }
}
