using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-08 <c>ValidateFtrackAttributes</c>: each check compares the value the DCC computed (the plugin runs the
/// check's expression in the DCC, which is what the setting is for) with the task parent's custom attribute,
/// hierarchical values resolved upward to the project.
/// <para>Fixed against the original (§7): the setting is a JSON text (the original expected a dict and failed), and
/// the operators mean what they say (the original inverted most of them: <c>less_than</c> failed when the attribute
/// was smaller, <c>contains</c> when it did contain the value). The attribute is the left side: <c>fps is 25</c>,
/// <c>name starts_with sh</c>.</para>
/// </summary>
public static class ValidateAttributes
{
    /// <summary>The operators.</summary>
    public static IReadOnlyList<string> Operators { get; } = ["is", "is_not", "greater_than", "less_than", "contains", "not_contains", "starts_with", "ends_with"];

    /// <summary>The mismatch message of one check, or null when it passes.</summary>
    public static string? Decide(string attribute, string op, JsonNode? actual, JsonNode? expected)
    {
        var a = actual is null ? null : actual.GetValueKind() == JsonValueKind.Number ? (object)actual.GetValue<double>() : actual.ToString();
        var e = expected is null ? null : expected.GetValueKind() == JsonValueKind.Number ? (object)expected.GetValue<double>() : expected.ToString();
        var text = a?.ToString() ?? "";
        var wanted = e?.ToString() ?? "";
        int Compare() => a is double x && e is double y ? x.CompareTo(y)
            : double.TryParse(text, CultureInfo.InvariantCulture, out var p) && double.TryParse(wanted, CultureInfo.InvariantCulture, out var q) ? p.CompareTo(q)
            : string.CompareOrdinal(text, wanted);
        var ok = op switch
        {
            "is" => Compare() == 0 && a is not null,
            "is_not" => a is null || Compare() != 0,
            "greater_than" => a is not null && Compare() > 0,
            "less_than" => a is not null && Compare() < 0,
            "contains" => text.Contains(wanted, StringComparison.Ordinal),
            "not_contains" => !text.Contains(wanted, StringComparison.Ordinal),
            "starts_with" => text.StartsWith(wanted, StringComparison.Ordinal),
            "ends_with" => text.EndsWith(wanted, StringComparison.Ordinal),
            _ => false,
        };
        return ok ? null : $"{attribute}: ftrack has {(a is null ? "no value" : text)}, the scene {op.Replace('_', ' ')} {wanted}";
    }

    /// <summary>The step: resolves the values of the checked attributes on the task's parent and compares.</summary>
    public static async Task<JsonObject> RunAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var instance = input.Instances.Count > 0 ? input.Instances[0] : new PublishInstance { Label = "context" };
        var taskId = instance.FtrackTaskId ?? input.Context.FtrackTaskId
            ?? throw new PublishStepException($"instance \"{instance.Label}\": there is no ftrack task to validate against; publish from a task that exists in ftrack");
        var task = await session.GetAsync("Task", taskId, ["id", "parent_id", "link"], cancellationToken)
            ?? throw new PublishStepException($"instance \"{instance.Label}\": ftrack task {taskId} does not exist");
        var ancestors = task.Link.Select(l => l.Id).Where(id => id != taskId).Reverse().ToList();
        if (input.Checks.FirstOrDefault(c => !Operators.Contains(c.Operator)) is { } bad)
        {
            throw new PublishStepException(
                $"publish.ValidateFtrackAttributes.ftrack_custom_attributes: \"{bad.Operator}\" (for {bad.Attribute}) is not an operator; use one of {string.Join(", ", Operators)}");
        }

        var keys = input.Checks.Select(c => c.Attribute).Distinct(StringComparer.Ordinal).ToList();
        var values = await HierarchicalValuesAsync(session, ancestors, keys, cancellationToken);
        var errors = input.Checks.Select(c => Decide(c.Attribute, c.Operator, values.GetValueOrDefault(c.Attribute), c.Value)).OfType<string>().ToList();
        if (errors.Count > 0)
        {
            throw new PublishStepException($"instance \"{instance.Label}\": ftrack attributes do not match the scene: {string.Join("; ", errors)}; fix the scene or the values in ftrack");
        }

        return new JsonObject { ["label"] = instance.Label, ["checked"] = input.Checks.Count };
    }

    /// <summary>Per key, the value of the nearest entity of <paramref name="entityIds"/> (nearest first) that stores one, else the default.</summary>
    public static async Task<Dictionary<string, JsonNode?>> HierarchicalValuesAsync(FtrackSession session, IReadOnlyList<string> entityIds, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(entityIds);
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (keys.Count == 0 || entityIds.Count == 0)
        {
            return result;
        }

        var configurations = await session.QueryAsync(FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "default").Where(FtrackFilter.In("key", keys)), cancellationToken);
        var stored = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeValue").Select("entity_id", "configuration_id", "value")
                .Where(FtrackFilter.All(FtrackFilter.In("entity_id", entityIds), FtrackFilter.In("configuration_id", configurations.Select(c => c.Id)))),
            cancellationToken);
        foreach (var key in keys)
        {
            var ids = configurations.Where(c => c.GetString("key") == key).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            JsonNode? value = null;
            foreach (var entityId in entityIds)
            {
                if (stored.FirstOrDefault(s => s.GetString("entity_id") == entityId && ids.Contains(s.GetString("configuration_id") ?? "")) is { } row && row["value"] is { } found)
                {
                    value = found.DeepClone();
                    break;
                }
            }

            if (value is null && configurations.FirstOrDefault(c => ids.Contains(c.Id))?.GetString("default") is { } text)
            {
                try
                {
                    value = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    value = text;
                }
            }

            result[key] = value;
        }

        return result;
    }
}
