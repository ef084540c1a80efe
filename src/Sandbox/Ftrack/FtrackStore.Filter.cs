using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>The query engine's filter: paths and expressions checked against the schema, then evaluated on each entity with ftrack's comparisons, LIKE patterns and sort order (ftrack-protocol.md §2).</summary>
internal sealed partial class FtrackStore
{
    // ---------------------------------------------------------------- validation of paths

    private void ValidatePath(string type, string path)
    {
        var current = type;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var schema = Model.Get(current);
            if (!schema.Properties.TryGetValue(parts[i], out var property))
            {
                throw new EmulatorError("ValidationError", $"{current} has no attribute \"{parts[i]}\" (in \"{path}\").");
            }

            if (property.RestrictedProjection)
            {
                throw new EmulatorError("ValidationError", $"{current}.{parts[i]} cannot be projected.");
            }

            if (property.IsScalar)
            {
                if (i < parts.Length - 1)
                {
                    throw new EmulatorError("ValidationError", $"{current}.{parts[i]} is not a relation (in \"{path}\").");
                }

                return;
            }

            current = property.Ref ?? current;
            if (Model.Find(current) is null)
            {
                throw new EmulatorError("ValidationError", $"Unknown entity type \"{current}\" (in \"{path}\").");
            }
        }
    }

    private void ValidateExpr(string type, QueryExpr expr)
    {
        switch (expr)
        {
            case AndExpr a:
                ValidateExpr(type, a.Left);
                ValidateExpr(type, a.Right);
                break;
            case OrExpr o:
                ValidateExpr(type, o.Left);
                ValidateExpr(type, o.Right);
                break;
            case NotExpr n:
                ValidateExpr(type, n.Inner);
                break;
            case CompareExpr c:
                ValidatePath(type, c.Path);
                break;
            case InExpr i:
                ValidatePath(type, i.Path);
                break;
            case RelationExpr r:
                ValidatePath(type, r.Path);
                if (r.Inner is not null)
                {
                    ValidateExpr(TargetOf(type, r.Path), r.Inner);
                }

                break;
        }
    }

    private string TargetOf(string type, string path)
    {
        var current = type;
        foreach (var part in path.Split('.'))
        {
            var property = Model.Property(current, part);
            if (property.IsScalar)
            {
                throw new EmulatorError("ValidationError", $"{current}.{part} is not a relation; has/any need one.");
            }

            current = property.Ref ?? current;
        }

        return current;
    }

    // ---------------------------------------------------------------- evaluation

    private bool Evaluate(StoredEntity entity, QueryExpr expr) => expr switch
    {
        AndExpr a => Evaluate(entity, a.Left) && Evaluate(entity, a.Right),
        OrExpr o => Evaluate(entity, o.Left) || Evaluate(entity, o.Right),
        NotExpr n => !Evaluate(entity, n.Inner),
        CompareExpr c => PathValues(entity, c.Path).Any(v => Compare(v, c.Op, c.Value)),
        InExpr i => i.Negated
            ? PathValues(entity, i.Path).Any(v => !i.Values.Any(l => Compare(v, "is", l)))
            : PathValues(entity, i.Path).Any(v => i.Values.Any(l => Compare(v, "is", l))),
        RelationExpr r => RelatedEntities(entity, r.Path).Any(e => r.Inner is null || Evaluate(e, r.Inner)),
        _ => false,
    };

    private List<StoredEntity> RelatedEntities(StoredEntity entity, string path)
    {
        var current = new List<StoredEntity> { entity };
        foreach (var part in path.Split('.'))
        {
            var next = new List<StoredEntity>();
            foreach (var item in current)
            {
                var property = Model.Property(item.Type, part);
                if (property.IsReference)
                {
                    if (Related(item, property) is { } related)
                    {
                        next.Add(related);
                    }
                }
                else if (property.IsCollection)
                {
                    next.AddRange(Members(item, property));
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>The values a path reaches (several through collections; one null when a relation on the way is empty).</summary>
    private List<JsonNode?> PathValues(StoredEntity entity, string path)
    {
        var parts = path.Split('.');
        var current = new List<StoredEntity> { entity };
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = [.. current.SelectMany(e => RelatedEntities(e, parts[i]))];
            if (current.Count == 0)
            {
                return [null];
            }
        }

        var last = parts[^1];
        var values = new List<JsonNode?>();
        foreach (var item in current)
        {
            var property = Model.Property(item.Type, last);
            if (property.IsScalar)
            {
                var value = Scalar(item, last);
                values.Add(property.Format is "date-time" or "date" && value is not null ? NormalizeDateTime(value) : value);
            }
            else if (property.IsReference)
            {
                values.Add(item.Str(Model.ReferenceKey(item.Type, property)));
            }
            else
            {
                var members = Members(item, property);
                values.AddRange(members.Count == 0 ? [null] : members.Select(m => (JsonNode?)m.Id));
            }
        }

        return values.Count == 0 ? [null] : values;
    }

    private static bool Compare(JsonNode? stored, string op, QueryLiteral literal)
    {
        if (literal.Kind == QueryLiteralKind.Null)
        {
            return op switch
            {
                "is" => stored is null,
                "is_not" => stored is not null,
                _ => false,
            };
        }

        if (stored is JsonObject { } datetime && datetime["__type__"] is not null)
        {
            stored = NormalizeDateTime(datetime) is { } normalized ? JsonValue.Create(normalized) : null;
        }

        if (stored is null)
        {
            return op is "is_not" or "not_like";
        }

        if (op is "like" or "not_like")
        {
            var text = AsText(stored);
            var matches = text is not null && LikeRegex(literal.Text).IsMatch(text);
            return op == "like" ? matches : !matches;
        }

        var order = CompareValues(stored, literal);
        return op switch
        {
            "is" => order == 0,
            "is_not" => order != 0,
            ">" => order > 0,
            "<" => order < 0,
            ">=" => order >= 0,
            "<=" => order <= 0,
            _ => false,
        };
    }

    /// <summary>Compares a stored value with a literal: numbers as numbers, booleans as booleans, dates as dates, text case-insensitively.</summary>
    private static int? CompareValues(JsonNode stored, QueryLiteral literal)
    {
        switch (Kind(stored))
        {
            case JsonValueKind.Number:
                var number = FtrackValue.ReadDouble(stored)!.Value;
                if (literal.Number is { } n || double.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out n))
                {
                    return number.CompareTo(n);
                }

                if (literal.Boolean is { } nb)
                {
                    return number.CompareTo(nb ? 1 : 0);
                }

                return null;
            case JsonValueKind.True or JsonValueKind.False:
                var flag = stored.GetValue<bool>();
                bool? other = literal.Boolean ?? literal.Text switch
                {
                    "1" => true,
                    "0" => false,
                    _ when bool.TryParse(literal.Text, out var parsed) => parsed,
                    _ => null,
                };
                return other is { } o ? flag.CompareTo(o) : null;
            case JsonValueKind.String:
                var text = stored.GetValue<string>();
                if (LooksLikeDate(text) && LooksLikeDate(literal.Text)
                    && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var a)
                    && DateTime.TryParse(literal.Text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var b))
                {
                    return a.CompareTo(b);
                }

                return string.Compare(text, literal.Text, StringComparison.OrdinalIgnoreCase);
            case JsonValueKind.Array:
                return stored.AsArray().Any(item => item is not null && CompareValues(item, literal) == 0) ? 0 : 1;
            default:
                return null;
        }
    }

    private static bool LooksLikeDate(string text) =>
        text.Length >= 10 && char.IsDigit(text[0]) && text[4] == '-' && text[7] == '-';

    private static string? AsText(JsonNode node) => Kind(node) switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => null,
    };

    private static Regex LikeRegex(string pattern)
    {
        var text = new System.Text.StringBuilder("^");
        foreach (var c in pattern)
        {
            text.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(text.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static int CompareForSort(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        if (Kind(a) == JsonValueKind.Number && Kind(b) == JsonValueKind.Number)
        {
            return FtrackValue.ReadDouble(a)!.Value.CompareTo(FtrackValue.ReadDouble(b)!.Value);
        }

        return string.Compare(AsText(a) ?? a.ToJsonString(), AsText(b) ?? b.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
