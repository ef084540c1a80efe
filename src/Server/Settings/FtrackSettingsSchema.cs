using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// JSON Schema (draft 2020-12) of the settings JSON, generated from <see cref="FtrackSettings"/>: the original's
/// keys with their types, required list-item keys, and each object key's <c>default</c> from
/// <see cref="FtrackSettings.Defaults"/>. Extra keys are allowed (forward compatible), as the reader allows them.
/// </summary>
public static class FtrackSettingsSchema
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Builds the schema tree.</summary>
    public static JsonObject Generate()
    {
        var exporterOptions = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true };
        var generated = FtrackSettingsReader.Options.GetJsonSchemaAsNode(typeof(FtrackSettings), exporterOptions).AsObject();

        // The exporter points repeated types at their first use with "$ref". Each use gets its own defaults
        // here, so every reference is replaced by a copy of its target first (the settings types are not recursive).
        var schema = Inline(generated, generated).AsObject();
        var root = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["title"] = "ftrack addon settings",
        };
        foreach (var (key, value) in schema.ToArray())
        {
            schema.Remove(key);
            root[key] = value;
        }

        AddDefaults(root, FtrackSettings.Defaults.ToJsonObject());
        return root;
    }

    /// <summary>The schema as indented JSON text.</summary>
    public static string GenerateJson() =>
        Generate().ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    private static JsonNode Inline(JsonNode node, JsonObject root)
    {
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference:
            {
                var target = Resolve(root, reference.GetValue<string>());
                var copy = Inline(target, root).AsObject();
                foreach (var (key, value) in obj)
                {
                    if (key != "$ref" && value is not null)
                    {
                        copy[key] = Inline(value, root);
                    }
                }

                return copy;
            }

            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = value is null ? null : Inline(value, root);
                }

                return copy;
            }

            case JsonArray array:
                return new JsonArray([.. array.Select(item => item is null ? null : Inline(item, root))]);
            default:
                return node.DeepClone();
        }
    }

    private static JsonNode Resolve(JsonObject root, string pointer)
    {
        if (!pointer.StartsWith('#'))
        {
            throw new InvalidOperationException($"Schema reference '{pointer}' is not local.");
        }

        JsonNode current = root;
        foreach (var raw in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject o when o[segment] is { } next => next,
                JsonArray a when int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < a.Count && a[i] is { } item => item,
                _ => throw new InvalidOperationException($"Schema reference '{pointer}' does not resolve."),
            };
        }

        return current;
    }

    private static void AddDefaults(JsonObject schema, JsonObject defaults)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (name, propertySchema) in properties)
        {
            if (propertySchema is not JsonObject property || !defaults.TryGetPropertyValue(name, out var value) || value is null)
            {
                continue;
            }

            if (value is JsonObject nested)
            {
                AddDefaults(property, nested);
                continue;
            }

            property["default"] = value.DeepClone();
        }
    }
}
