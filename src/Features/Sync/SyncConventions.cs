using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// The id and attribute conventions between ftrack and AYON (behaviour reference §6), as pure functions:
/// names, paths, task short names, dates, value conversion by ftrack custom attribute type and fps parsing.
/// </summary>
public static class SyncConventions
{
    /// <summary>The AYON <c>ftrackId</c> value of an entity whose ftrack entity is gone but which is protected.</summary>
    public const string RemovedIdValue = "removed";

    /// <summary>AYON attribute holding the ftrack id.</summary>
    public const string FtrackIdAttribute = "ftrackId";

    /// <summary>AYON attribute holding the ftrack link path (no project, "/"-joined, no leading slash).</summary>
    public const string FtrackPathAttribute = "ftrackPath";

    private const string Latin1Letters = "ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñÝýÿ";
    private const string Latin1Ascii = "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuCcNnYyy";
    private const string SeparatorChars = " ,./\\;:!|*^#@~+-_=";

    /// <summary>
    /// AYON's slug of a name: accents folded to ASCII, split on separator characters, every other character
    /// outside letters and digits dropped, the parts joined with "_" (case kept). "sh-01" → "sh_01".
    /// </summary>
    public static string Slugify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (c < 128)
            {
                folded.Append(c);
            }
            else if (Latin1Letters.IndexOf(c, StringComparison.Ordinal) is var index and >= 0)
            {
                // Without ICU (invariant globalization) FormKD does not decompose accented letters; fold Latin-1 ones by hand.
                folded.Append(Latin1Ascii[index]);
            }
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var c in folded.ToString())
        {
            if (SeparatorChars.Contains(c, StringComparison.Ordinal))
            {
                Flush();
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
        }

        Flush();
        return string.Join('_', parts);

        void Flush()
        {
            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>A task type's AYON short name: the lower-case name without non-word characters.</summary>
    public static string TaskTypeShortName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new string([.. name.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c == '_')]);
    }

    /// <summary><c>ftrackPath</c>: the link names below the project joined by "/" (the first link item is the project).</summary>
    public static string FtrackPath(IReadOnlyList<string> linkNamesFromProject)
    {
        ArgumentNullException.ThrowIfNull(linkNamesFromProject);
        return string.Join('/', linkNamesFromProject.Skip(1));
    }

    /// <summary>AYON folder path of a child folder: parent path + "/" + name (the project's children start with "/").</summary>
    public static string ChildPath(string? parentPath, string name) => (parentPath ?? "") + "/" + name;

    /// <summary>
    /// ftrack dates arrive shifted by the studio's time zone; the sync moves them to the next midnight
    /// (<c>+ (24 − hour)</c> hours), as the original does. A value already at midnight moves a full day.
    /// </summary>
    public static DateTimeOffset ShiftToNextMidnight(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var shifted = utc.AddHours(24 - utc.Hour);
        return new DateTimeOffset(shifted.Year, shifted.Month, shifted.Day, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The AYON wire form of a date attribute.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an fps value: "24", "23.976", "23,976", "24000/1001". Empty, "/", "." and anything else
    /// unparsable throw <see cref="FormatException"/> naming the value.
    /// </summary>
    public static double ConvertToFps(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim().Replace(',', '.');
        if (text.Length == 0 || text is "/" or ".")
        {
            throw new FormatException($"Invalid fps value \"{value}\".");
        }

        var slash = text.Split('/');
        if (slash.Length == 2)
        {
            if (double.TryParse(slash[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
                && double.TryParse(slash[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
                && denominator != 0)
            {
                return Math.Round(numerator / denominator, 3);
            }

            throw new FormatException($"Invalid fps value \"{value}\".");
        }

        if (slash.Length == 1 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fps))
        {
            return fps;
        }

        throw new FormatException($"Invalid fps value \"{value}\".");
    }

    /// <summary>
    /// Converts a ftrack custom attribute value (as stored, or as the string an <c>ftrack.update</c> event carries)
    /// to the AYON attribute value, by ftrack type: text as-is; boolean from "1"/"0"/true/false; number to an
    /// int unless the configuration is decimal; enumerator single as-is, multi-select split on ", "; date as an
    /// ISO string. Expressions, notification types and dynamic enumerators give null (ignored). A key in
    /// <c>fps</c> goes through <see cref="ConvertToFps"/>. Null and "" give null (unset).
    /// </summary>
    public static JsonNode? ConvertValue(string attributeName, string ftrackType, string? configJson, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(ftrackType);
        if (value is null || (value is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length == 0))
        {
            return null;
        }

        if (string.Equals(attributeName, "fps", StringComparison.Ordinal))
        {
            return value.GetValueKind() == JsonValueKind.Number ? AsDouble(value) : ConvertToFps(value.ToString());
        }

        switch (ftrackType)
        {
            case "text":
                return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            case "boolean":
                return value.GetValueKind() switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => AsDouble(value) != 0,
                    _ => value.ToString() is "1" or "true" or "True",
                };
            case "number":
                {
                    var number = value.GetValueKind() == JsonValueKind.Number
                        ? AsDouble(value)
                        : double.Parse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                    return IsDecimal(configJson) ? number : (JsonNode)(long)Math.Round(number);
                }

            case "enumerator":
                {
                    if (value is JsonArray array)
                    {
                        return IsMultiSelect(configJson) ? array.DeepClone() : array.FirstOrDefault()?.DeepClone();
                    }

                    var text = value.ToString();
                    return IsMultiSelect(configJson)
                        ? new JsonArray([.. text.Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode?)v)])
                        : text;
                }

            case "date":
                {
                    var text = value.ToString();
                    return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                        ? FormatDate(date)
                        : throw new FormatException($"Invalid date value \"{text}\" for {attributeName}.");
                }

            default:
                return null;
        }
    }

    /// <summary>Whether two attribute values are equal for the sync (numbers compared by value).</summary>
    public static bool SameValue(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left.GetValueKind() == JsonValueKind.Number && right.GetValueKind() == JsonValueKind.Number)
        {
            return Math.Abs(AsDouble(left) - AsDouble(right)) < 1e-9;
        }

        return JsonNode.DeepEquals(left, right);
    }

    /// <summary>A JSON number as a double, whatever CLR type the node holds.</summary>
    public static double AsDouble(JsonNode number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The values an enumerator configuration offers (its <c>data</c>: a JSON string or array of <c>{value, menu}</c>); empty when unreadable.</summary>
    public static IReadOnlySet<string> EnumValues(string? configJson)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var data = (string.IsNullOrWhiteSpace(configJson) ? null : JsonNode.Parse(configJson))?["data"];
            if (data is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                data = JsonNode.Parse(text.GetValue<string>());
            }

            foreach (var item in data as JsonArray ?? [])
            {
                if (item?["value"] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                {
                    result.Add(value.GetValue<string>());
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable configuration offers no values.
        }

        return result;
    }

    /// <summary>Whether an enumerator configuration allows several values.</summary>
    public static bool IsMultiSelect(string? configJson) => ConfigFlag(configJson, "multiSelect");

    private static bool IsDecimal(string? configJson) => ConfigFlag(configJson, "isdecimal");

    private static bool ConfigFlag(string? configJson, string name)
    {
        if (string.IsNullOrWhiteSpace(configJson))
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(configJson) is JsonObject config && config[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
