using System.Net;
using System.Text.Json;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>Who this service is on the AYON server after the start-up sequence.</summary>
public sealed record AyonServiceIdentity(string ServerVersion, AyonUser User);

/// <summary>Service start-up, settings and attribute set-up on top of <see cref="IAyonApi"/>.</summary>
public static class AyonServiceExtensions
{
    /// <summary>
    /// The service start-up sequence (ayon-protocol.md §1.4, C# variant: the key is sent as <c>x-api-key</c>
    /// from the first call): <c>GET /</c> must answer, <c>GET /api/info</c> gives the server version,
    /// <c>GET /api/users/me</c> validates the key. Failures throw <see cref="AyonRequestException"/> with a
    /// readable reason (never the key).
    /// </summary>
    public static async Task<AyonServiceIdentity> StartServiceAsync(this IAyonApi api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            using var probe = await api.ProbeAsync(cancellationToken);
            if (!probe.IsSuccessStatusCode)
            {
                throw new AyonRequestException("GET /", probe.StatusCode, "the AYON server can't be reached");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new AyonRequestException($"AYON server can't be reached: {ex.Message}", ex);
        }

        AyonInfo info;
        AyonUser user;
        try
        {
            info = await api.GetInfoAsync(cancellationToken);
            user = await api.GetCurrentUserAsync(cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new AyonRequestException($"{ex.HttpMethod} {ex.Uri?.AbsolutePath}", ex.StatusCode, "the AYON API key (Ayon:ApiKey / AYON_API_KEY) was rejected");
        }

        return new AyonServiceIdentity(info.Version ?? "0.0.0", user);
    }

    /// <summary>The service's addon settings for its variant (<c>GET /api/addons/{n}/{v}/settings?variant=</c>).</summary>
    public static Task<JsonElement> GetServiceSettingsAsync(this IAyonApi api, AyonOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        return api.GetAddonSettingsAsync(options.AddonName, options.AddonVersion, options.Variant, cancellationToken);
    }

    /// <summary>The service's addon settings of one project for its variant.</summary>
    public static Task<JsonElement> GetServiceProjectSettingsAsync(this IAyonApi api, AyonOptions options, string projectName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        return api.GetAddonProjectSettingsAsync(options.AddonName, options.AddonVersion, projectName, options.Variant, cancellationToken);
    }

    /// <summary>
    /// Reads one addon's settings out of a <c>GET /api/settings</c> response (<c>addons[].name == addonName</c>);
    /// null when the bundle does not contain the addon.
    /// </summary>
    public static JsonElement? AddonSettingsOf(JsonElement allSettings, string addonName)
    {
        if (allSettings.ValueKind != JsonValueKind.Object || !allSettings.TryGetProperty("addons", out var addons) || addons.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var addon in addons.EnumerateArray())
        {
            if (addon.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == addonName)
            {
                return addon.TryGetProperty("settings", out var settings) ? settings : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Makes sure every attribute in <paramref name="definitions"/> exists with the given type, title and
    /// inherit flag and a scope that covers the required one. Missing attributes are created (appended
    /// after the last position); existing ones only get their scope widened (their other data is kept).
    /// Attributes that already match are not touched. Returns the names that were written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EnsureAttributesAsync(this IAyonApi api, IEnumerable<AttributeDefinition> definitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(definitions);
        var existing = (await api.GetAttributesAsync(cancellationToken)).Attributes;
        var nextPosition = existing.Count == 0 ? 0 : existing.Max(a => a.Position) + 1;
        var written = new List<string>();
        foreach (var definition in definitions)
        {
            var plan = PlanAttribute(existing.FirstOrDefault(a => a.Name == definition.Name), definition, nextPosition);
            if (plan is null)
            {
                continue;
            }

            if (plan.Position == nextPosition)
            {
                nextPosition++;
            }

            await api.PutAttributeAsync(definition.Name, plan, cancellationToken);
            written.Add(definition.Name);
        }

        return written;
    }

    /// <summary>The PUT body needed to make <paramref name="current"/> satisfy <paramref name="wanted"/>, or null when it already does.</summary>
    internal static AttributePutRequest? PlanAttribute(AttributeModel? current, AttributeDefinition wanted, int newPosition)
    {
        if (current is null)
        {
            return new AttributePutRequest(newPosition, [.. wanted.Scope], new AttributeData
            {
                Type = wanted.Type,
                Title = wanted.Title,
                Inherit = wanted.Inherit,
            });
        }

        var missingScope = wanted.Scope.Where(s => !current.Scope.Contains(s, StringComparer.Ordinal)).ToList();
        var dataMatches = current.Data.Type == wanted.Type && current.Data.Title == wanted.Title && (current.Data.Inherit ?? true) == wanted.Inherit;
        if (missingScope.Count == 0 && dataMatches)
        {
            return null;
        }

        return new AttributePutRequest(current.Position, [.. current.Scope, .. missingScope], current.Data with
        {
            Type = wanted.Type,
            Title = wanted.Title,
            Inherit = wanted.Inherit,
        });
    }
}
