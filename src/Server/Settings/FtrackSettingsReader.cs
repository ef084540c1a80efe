using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// Reads AYON-shaped settings JSON into <see cref="FtrackSettings"/>: the input is laid over the JSON of
/// <see cref="FtrackSettings.Defaults"/> (objects merge key by key, lists and scalars replace), checking each
/// known key's JSON kind against the default's, then the merged tree is deserialised strictly (no nulls, no
/// numbers as strings, required list-item keys present).
/// </summary>
internal static partial class FtrackSettingsReader
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        PropertyNameCaseInsensitive = false,
    };

    internal static readonly JsonSerializerOptions IndentedOptions = new(Options) { WriteIndented = true };

    private static readonly Lazy<string> DefaultsJson = new(() => JsonSerializer.Serialize(FtrackSettings.Defaults, Options));

    public static FtrackSettings Read(JsonNode? node)
    {
        if (node is not JsonObject input)
        {
            throw new FtrackSettingsException(
                "", $"ftrack settings must be a JSON object, got {KindName(node)}.");
        }

        FtrackSettingsConversions.UpgradeLegacyKeys(input);
        var merged = JsonNode.Parse(DefaultsJson.Value)!.AsObject();
        Overlay(merged, input, "");
        try
        {
            return merged.Deserialize<FtrackSettings>(Options)
                ?? throw new FtrackSettingsException("", "ftrack settings deserialised to nothing.");
        }
        catch (JsonException ex)
        {
            var path = ToKeyPath(ex.Path);
            throw new FtrackSettingsException(path, $"Invalid ftrack settings at '{path}': {Describe(ex)}.", ex);
        }
    }

    private static void Overlay(JsonObject target, JsonObject input, string path)
    {
        foreach (var (key, value) in input)
        {
            if (!target.TryGetPropertyValue(key, out var current))
            {
                // Unknown key: a newer addon version may add keys; they are ignored.
                continue;
            }

            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            var expected = KindName(current);
            var actual = KindName(value);
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                throw new FtrackSettingsException(
                    keyPath, $"Invalid ftrack settings at '{keyPath}': expected {expected}, got {actual}.");
            }

            if (current is JsonObject currentObject)
            {
                Overlay(currentObject, value!.AsObject(), keyPath);
                continue;
            }

            RejectNullItems(value!, keyPath);
            target[key] = value!.DeepClone();
        }
    }

    private static void RejectNullItems(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = $"{path}[{i}]";
                    if (array[i] is null)
                    {
                        throw new FtrackSettingsException(
                            itemPath, $"Invalid ftrack settings at '{itemPath}': list items must not be null.");
                    }

                    RejectNullItems(array[i]!, itemPath);
                }

                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        RejectNullItems(value, $"{path}.{key}");
                    }
                }

                break;
        }
    }

    private static string KindName(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "an unknown value",
    };

    private static string ToKeyPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "";
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    /// <summary>A one-line reason from a System.Text.Json error, without its path and position suffix.</summary>
    internal static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (ConvertedTo().Match(message) is { Success: true } converted)
        {
            return $"expected {DescribeType(converted.Groups[1].Value)}";
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return $"missing required key {missing.Groups[1].Value.Trim()}";
        }

        if (message.Contains("doesn't allow setting null values", StringComparison.Ordinal)
            || message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullab", StringComparison.Ordinal))
        {
            return "a value is required, got null";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.');
    }

    private static string DescribeType(string typeName) => typeName switch
    {
        "System.Int32" or "System.Int64" => "an integer",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "a boolean",
        "System.String" => "a string",
        _ when typeName.Contains("IReadOnlyList", StringComparison.Ordinal) => "a list",
        _ => "an object",
    };

    [GeneratedRegex(@"could not be converted to (\S+?)\.(?: Path:|$)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"missing required properties,? including:? (.+?)\.?(?: Path:|$)")]
    private static partial Regex MissingRequired();
}
