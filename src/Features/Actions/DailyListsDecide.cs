using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Actions;

/// <summary>An AssetVersion as a daily list filter sees it.</summary>
/// <param name="Id">The AssetVersion id.</param>
/// <param name="StatusId">Its status id.</param>
/// <param name="LinkIds">The ids of its link path, project first, the version last.</param>
public sealed record DailyListVersion(string Id, string? StatusId, IReadOnlyList<string> LinkIds);

/// <summary>A custom attribute configuration a daily list filter may name.</summary>
/// <param name="Id">The configuration id.</param>
/// <param name="Key">Its key.</param>
/// <param name="IsHierarchical">True for a hierarchical attribute.</param>
/// <param name="Default">Its default value.</param>
public sealed record DailyListAttributeConfiguration(string Id, string Key, bool IsHierarchical, JsonNode? Default);

/// <summary>
/// The pure rules of the daily lists (behaviour reference P-02): the list name from its template and the day, and which
/// AssetVersions a list holds. Fix against the original (§7): every list is filtered from all the candidates (the
/// original narrowed the candidates list after list).
/// </summary>
public static class DailyListsDecide
{
    /// <summary>
    /// Fills <paramref name="template"/> (<c>{yy}{mm}{dd}</c> style) with the date keys of <paramref name="day"/>:
    /// <c>d dd ddd dddd m mm mmm mmmm yy yyyy H HH h hh ht M MM S SS</c>. Null when the template names another key or is
    /// malformed (that list is skipped).
    /// </summary>
    public static string? FillName(string template, DateTime day)
    {
        ArgumentNullException.ThrowIfNull(template);
        var keys = DateKeys(day);
        var result = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                result.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                result.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                if (end < 0 || !keys.TryGetValue(template[(i + 1)..end], out var value))
                {
                    return null;
                }

                result.Append(value);
                i = end;
            }
            else if (c == '}')
            {
                return null;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// The versions a list holds: those passing any of its filters; a list with a filter that has neither statuses nor
    /// attribute conditions holds every candidate. Within a filter: the status is one of the named ones (when named,
    /// case-insensitive) and every attribute condition equals its expected value (a non-hierarchical AssetVersion
    /// attribute wins over a hierarchical one of the same key; hierarchical values resolve down the link path from the
    /// default). A condition on an attribute ftrack does not have matches nothing.
    /// </summary>
    public static IReadOnlyList<string> Members(
        DailyListItem list,
        IReadOnlyList<DailyListVersion> candidates,
        IReadOnlyDictionary<string, string> statusIdByLowerName,
        IReadOnlyList<DailyListAttributeConfiguration> attributes,
        IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> values)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(candidates);
        if (list.Filters.Any(f => f.Statuses.Count == 0 && f.CustomAttributes.Count == 0))
        {
            return [.. candidates.Select(c => c.Id)];
        }

        return [.. candidates.Where(c => list.Filters.Any(f => Passes(c, f, statusIdByLowerName, attributes, values))).Select(c => c.Id)];
    }

    /// <summary>The status ids the candidates must have for any list of <paramref name="lists"/>; null when any status will do.</summary>
    public static IReadOnlySet<string>? CandidateStatuses(IEnumerable<DailyListItem> lists, IReadOnlyDictionary<string, string> statusIdByLowerName)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(statusIdByLowerName);
        var filters = lists.SelectMany(l => l.Filters).ToList();
        if (filters.Count == 0 || filters.Any(f => f.Statuses.Count == 0))
        {
            return null;
        }

        return filters.SelectMany(f => f.Statuses).Select(s => statusIdByLowerName.GetValueOrDefault(s.ToLowerInvariant())).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private static bool Passes(
        DailyListVersion version,
        DailyListFilter filter,
        IReadOnlyDictionary<string, string> statusIdByLowerName,
        IReadOnlyList<DailyListAttributeConfiguration> attributes,
        IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> values)
    {
        if (filter.Statuses.Count > 0)
        {
            var wanted = filter.Statuses.Select(s => statusIdByLowerName.GetValueOrDefault(s.ToLowerInvariant())).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (version.StatusId is null || !wanted.Contains(version.StatusId))
            {
                return false;
            }
        }

        foreach (var condition in filter.CustomAttributes)
        {
            var candidates = attributes.Where(a => a.Key == condition.AttrName).ToList();
            var attribute = candidates.FirstOrDefault(a => !a.IsHierarchical) ?? candidates.FirstOrDefault();
            if (attribute is null || !Same(ValueOf(attribute, version, values), Expected(condition)))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonNode? ValueOf(DailyListAttributeConfiguration attribute, DailyListVersion version, IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> values)
    {
        if (!attribute.IsHierarchical)
        {
            return values.TryGetValue((attribute.Id, version.Id), out var own) && own is not null ? own : attribute.Default;
        }

        var value = attribute.Default;
        foreach (var id in version.LinkIds)
        {
            if (values.TryGetValue((attribute.Id, id), out var set) && set is not null)
            {
                value = set;
            }
        }

        return value;
    }

    private static JsonNode? Expected(DailyListCustomAttributeFilter condition) => condition.AttrType switch
    {
        "bool_value" => condition.BoolValue,
        "str_value" => condition.StrValue,
        "int_value" => condition.IntValue,
        "float_value" => condition.FloatValue,
        "enum_value" => new JsonArray([.. condition.EnumValue.Select(v => (JsonNode?)v)]),
        _ => null,
    };

    private static bool Same(JsonNode? actual, JsonNode? expected)
    {
        if (actual is null || expected is null)
        {
            return actual is null && expected is null;
        }

        if (actual.GetValueKind() == JsonValueKind.Number && expected.GetValueKind() == JsonValueKind.Number)
        {
            return FtrackValue.ReadDouble(actual) is { } left && FtrackValue.ReadDouble(expected) is { } right && Math.Abs(left - right) < 1e-9;
        }

        // Enumerators are stored as a list of values, single ones sometimes as the bare value.
        if (expected is JsonArray wanted && actual is not JsonArray)
        {
            return wanted.Count == 1 && JsonNode.DeepEquals(wanted[0], actual);
        }

        return JsonNode.DeepEquals(actual, expected);
    }

    private static Dictionary<string, string> DateKeys(DateTime day)
    {
        var c = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["d"] = day.Day.ToString(c),
            ["dd"] = day.ToString("dd", c),
            ["ddd"] = day.ToString("ddd", c),
            ["dddd"] = day.ToString("dddd", c),
            ["m"] = day.Month.ToString(c),
            ["mm"] = day.ToString("MM", c),
            ["mmm"] = day.ToString("MMM", c),
            ["mmmm"] = day.ToString("MMMM", c),
            ["yy"] = day.ToString("yy", c),
            ["yyyy"] = day.ToString("yyyy", c),
            ["H"] = day.Hour.ToString(c),
            ["HH"] = day.ToString("HH", c),
            ["h"] = day.ToString("%h", c),
            ["hh"] = day.ToString("hh", c),
            ["ht"] = day.ToString("tt", c),
            ["M"] = day.Minute.ToString(c),
            ["MM"] = day.ToString("mm", c),
            ["S"] = day.Second.ToString(c),
            ["SS"] = day.ToString("ss", c),
        };
    }
}
