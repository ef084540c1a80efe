using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Translates an AYON QueryFilter (ayon-protocol.md §2.7.2) on the <c>events</c> table into a SQL condition
/// with parameters. Keys are columns (camelCase converted to snake_case; <c>project</c>/<c>user</c> map to
/// their columns) or paths into the JSON columns <c>summary</c>/<c>payload</c> (<c>summary/entityId</c>).
/// </summary>
internal sealed class AyonQueryFilterSql
{
    private static readonly HashSet<string> EventColumns =
        ["id", "hash", "topic", "sender", "sender_type", "project", "user", "depends_on", "status", "retries", "description", "created_at", "updated_at"];

    private readonly List<(string Name, object? Value)> _parameters = [];
    private readonly string _alias;

    public AyonQueryFilterSql(string alias) => _alias = alias;

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary>The SQL condition for <paramref name="filter"/> (<c>1=1</c> when empty); throws <see cref="AyonBadRequestException"/> on bad input.</summary>
    public string Translate(JsonObject? filter)
    {
        if (filter is null)
        {
            return "1=1";
        }

        var conditions = filter["conditions"] as JsonArray ?? [];
        var op = (filter["operator"]?.GetValue<string>() ?? "and").ToLowerInvariant();
        if (op is not ("and" or "or"))
        {
            throw new AyonBadRequestException($"filter operator must be 'and' or 'or', not '{op}'");
        }

        var parts = new List<string>();
        foreach (var item in conditions)
        {
            if (item is not JsonObject o)
            {
                throw new AyonBadRequestException("filter conditions must be objects");
            }

            parts.Add(o.ContainsKey("conditions") ? "(" + Translate(o) + ")" : Condition(o));
        }

        return parts.Count == 0 ? "1=1" : string.Join(op == "and" ? " AND " : " OR ", parts);
    }

    private string Condition(JsonObject condition)
    {
        var key = condition["key"]?.GetValue<string>() ?? throw new AyonBadRequestException("condition key is required");
        var op = (condition["operator"]?.GetValue<string>() ?? "eq").Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        var value = condition["value"];
        var column = Column(key);
        switch (op)
        {
            case "isnull":
                return $"{column} IS NULL";
            case "notnull":
                return $"{column} IS NOT NULL";
        }

        if (value is null)
        {
            throw new AyonBadRequestException($"condition on '{key}' needs a value");
        }

        switch (op)
        {
            case "eq": return $"{column} = {Param(value)}";
            case "ne": return $"({column} IS NULL OR {column} <> {Param(value)})";
            case "lt": return $"{column} < {Param(value)}";
            case "gt": return $"{column} > {Param(value)}";
            case "lte": return $"{column} <= {Param(value)}";
            case "gte": return $"{column} >= {Param(value)}";
            case "like": return $"LOWER({column}) LIKE LOWER({Param(value)})";
            case "in" or "notin":
                var list = value as JsonArray ?? throw new AyonBadRequestException($"operator '{op}' on '{key}' needs a list");
                if (list.Count == 0)
                {
                    return op == "in" ? "0=1" : "1=1";
                }

                var inList = string.Join(", ", list.Select(Param));
                return op == "in" ? $"{column} IN ({inList})" : $"({column} IS NULL OR {column} NOT IN ({inList}))";
            case "includes":
                return $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {Param(value)})";
            case "excludes":
                return $"NOT EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {Param(value)})";
            case "includesany" or "excludesany" or "includesall" or "excludesall":
                var items = value as JsonArray ?? throw new AyonBadRequestException($"operator '{op}' on '{key}' needs a list");
                var each = items.Select(i => $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {Param(i)})").ToList();
                if (each.Count == 0)
                {
                    return op is "includesall" or "excludesany" ? "1=1" : "0=1";
                }

                return op switch
                {
                    "includesany" => "(" + string.Join(" OR ", each) + ")",
                    "includesall" => "(" + string.Join(" AND ", each) + ")",
                    "excludesany" => "NOT (" + string.Join(" AND ", each) + ")",
                    _ => "NOT (" + string.Join(" OR ", each) + ")",
                };
            default:
                throw new AyonBadRequestException($"unknown filter operator '{op}'");
        }
    }

    private string Column(string key)
    {
        var path = key.Split('/', '.');
        var first = Snake(path[0]);
        if (path.Length == 1)
        {
            if (!EventColumns.Contains(first))
            {
                throw new AyonBadRequestException($"unknown filter key '{key}'");
            }

            return $"{_alias}.\"{first}\"";
        }

        if (first is not ("summary" or "payload"))
        {
            throw new AyonBadRequestException($"'{path[0]}' is not a JSON column of events");
        }

        var jsonPath = new StringBuilder("$");
        foreach (var part in path.Skip(1))
        {
            if (part.Any(c => !(char.IsLetterOrDigit(c) || c == '_' || c == '-')))
            {
                throw new AyonBadRequestException($"invalid filter key '{key}'");
            }

            jsonPath.Append('.').Append(part);
        }

        return $"json_extract({_alias}.{first}, '{jsonPath}')";
    }

    private string Param(JsonNode? value)
    {
        var name = "@f" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        object? v = value switch
        {
            null => null,
            JsonValue jv when jv.TryGetValue<string>(out var s) => s,
            JsonValue jv when jv.TryGetValue<bool>(out var b) => b ? 1 : 0,
            JsonValue jv when jv.TryGetValue<long>(out var l) => l,
            JsonValue jv when jv.TryGetValue<double>(out var d) => d,
            _ => value.ToJsonString(),
        };
        _parameters.Add((name, v));
        return name;
    }

    private static string Snake(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                sb.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
