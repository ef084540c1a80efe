using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// Builds an ftrack query expression (ftrack-protocol.md §2). Entity types and attribute paths must be plain
/// names (checked); every value is rendered as an escaped, quoted literal, so user data can never change the
/// shape of the query. Paging (<c>offset</c>/<c>limit</c>) is added by <see cref="FtrackSession"/>.
/// </summary>
public sealed partial record FtrackQuery
{
    private FtrackQuery(string entityType)
    {
        EntityType = entityType;
    }

    /// <summary>The queried entity type (may be polymorphic, e.g. <c>TypedContext</c>).</summary>
    public string EntityType { get; }

    /// <summary>The projections; empty means the server's default projections.</summary>
    public IReadOnlyList<string> Projections { get; private init; } = [];

    /// <summary>The filter, or null for all rows.</summary>
    public FtrackFilter? Filter { get; private init; }

    /// <summary>The sort keys.</summary>
    public IReadOnlyList<(string Path, bool Descending)> Order { get; private init; } = [];

    /// <summary>The first row to return (null = 0).</summary>
    public int? Offset { get; private init; }

    /// <summary>The maximum number of rows to return across all pages (null = all).</summary>
    public int? Limit { get; private init; }

    /// <summary>Starts a query on <paramref name="entityType"/>.</summary>
    /// <exception cref="ArgumentException">The type name is not a plain name.</exception>
    public static FtrackQuery From(string entityType) => new(CheckName(entityType, nameof(entityType)));

    /// <summary>Selects attribute paths (e.g. <c>status.state.short</c>).</summary>
    public FtrackQuery Select(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return this with { Projections = [.. Projections, .. paths.Select(p => CheckPath(p, nameof(paths)))] };
    }

    /// <summary>Adds a filter (combined with <c>and</c> with any earlier one).</summary>
    public FtrackQuery Where(FtrackFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return this with { Filter = Filter is null ? filter : Filter.And(filter) };
    }

    /// <summary>Adds a sort key.</summary>
    public FtrackQuery OrderBy(string path, bool descending = false) =>
        this with { Order = [.. Order, (CheckPath(path, nameof(path)), descending)] };

    /// <summary>Skips the first <paramref name="offset"/> rows.</summary>
    public FtrackQuery Skip(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return this with { Offset = offset };
    }

    /// <summary>Returns at most <paramref name="limit"/> rows.</summary>
    public FtrackQuery Take(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return this with { Limit = limit };
    }

    /// <summary>The expression without paging: <c>select ... from T where ... order by ...</c>.</summary>
    public string ToExpression()
    {
        var text = new StringBuilder();
        if (Projections.Count > 0)
        {
            text.Append("select ").AppendJoin(", ", Projections).Append(" from ");
        }

        text.Append(EntityType);
        if (Filter is not null)
        {
            text.Append(" where ").Append(Filter.Render());
        }

        if (Order.Count > 0)
        {
            text.Append(" order by ").AppendJoin(", ", Order.Select(o => o.Path + (o.Descending ? " descending" : " ascending")));
        }

        return text.ToString();
    }

    /// <summary>The expression with one page's <c>offset</c>/<c>limit</c> appended.</summary>
    public string ToExpression(int offset, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{ToExpression()} offset {offset} limit {limit}");

    /// <inheritdoc />
    public override string ToString() => ToExpression();

    internal static string CheckName(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        return NameRegex().IsMatch(name) ? name : throw new ArgumentException($"\"{name}\" is not a valid ftrack entity type name.", parameter);
    }

    internal static string CheckPath(string path, string parameter)
    {
        ArgumentNullException.ThrowIfNull(path, parameter);
        return PathRegex().IsMatch(path) ? path : throw new ArgumentException($"\"{path}\" is not a valid ftrack attribute path.", parameter);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex PathRegex();
}

/// <summary>
/// A filter of an ftrack query (the <c>where</c> part). Build with the static methods; combine with
/// <see cref="And"/>, <see cref="Or"/> and <see cref="Not"/>. Values are always rendered as escaped literals.
/// </summary>
public abstract class FtrackFilter
{
    private protected FtrackFilter()
    {
    }

    /// <summary><c>path is value</c> (a null value renders <c>is none</c>).</summary>
    public static FtrackFilter Is(string path, object? value) => new Comparison(path, "is", value);

    /// <summary><c>path is_not value</c> (a null value renders <c>is_not none</c>).</summary>
    public static FtrackFilter IsNot(string path, object? value) => new Comparison(path, "is_not", value);

    /// <summary><c>path &gt; value</c>.</summary>
    public static FtrackFilter GreaterThan(string path, object value) => new Comparison(path, ">", value);

    /// <summary><c>path &lt; value</c>.</summary>
    public static FtrackFilter LessThan(string path, object value) => new Comparison(path, "<", value);

    /// <summary><c>path &gt;= value</c>.</summary>
    public static FtrackFilter AtLeast(string path, object value) => new Comparison(path, ">=", value);

    /// <summary><c>path &lt;= value</c>.</summary>
    public static FtrackFilter AtMost(string path, object value) => new Comparison(path, "<=", value);

    /// <summary><c>path like "pattern"</c> (<c>%</c> is the wildcard; the pattern is escaped like any value).</summary>
    public static FtrackFilter Like(string path, string pattern) => new Comparison(path, "like", pattern);

    /// <summary><c>path not_like "pattern"</c>.</summary>
    public static FtrackFilter NotLike(string path, string pattern) => new Comparison(path, "not_like", pattern);

    /// <summary><c>path in (v1, v2, ...)</c>; an empty list matches nothing.</summary>
    public static FtrackFilter In<T>(string path, IEnumerable<T> values) => new Membership(path, "in", [.. values.Cast<object?>()]);

    /// <summary><c>path not_in (v1, v2, ...)</c>; an empty list matches everything.</summary>
    public static FtrackFilter NotIn<T>(string path, IEnumerable<T> values) => new Membership(path, "not_in", [.. values.Cast<object?>()]);

    /// <summary><c>relation has (filter)</c>: the related entity of a scalar relation matches.</summary>
    public static FtrackFilter Has(string relation, FtrackFilter filter) => new Nested(relation, "has", filter);

    /// <summary><c>collection any (filter)</c>: at least one member matches; without a filter, the collection is not empty.</summary>
    public static FtrackFilter Any(string collection, FtrackFilter? filter = null) => new Nested(collection, "any", filter);

    /// <summary>All of the filters.</summary>
    public static FtrackFilter All(params FtrackFilter[] filters) => Combine("and", filters);

    /// <summary>At least one of the filters.</summary>
    public static FtrackFilter OneOf(params FtrackFilter[] filters) => Combine("or", filters);

    /// <summary><c>(this) and (other)</c>.</summary>
    public FtrackFilter And(FtrackFilter other) => Combine("and", [this, other]);

    /// <summary><c>(this) or (other)</c>.</summary>
    public FtrackFilter Or(FtrackFilter other) => Combine("or", [this, other]);

    /// <summary><c>not (this)</c>.</summary>
    public FtrackFilter Not() => new Negation(this);

    /// <summary>The expression text of this filter.</summary>
    public abstract string Render();

    /// <inheritdoc />
    public override string ToString() => Render();

    /// <summary>
    /// Renders one value as a query literal: strings double-quoted with <c>\</c> and <c>"</c> escaped by a
    /// backslash, numbers invariant, booleans <c>true</c>/<c>false</c>, null <c>none</c>, datetimes quoted ISO.
    /// </summary>
    public static string Literal(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        string s => Quote(s),
        Guid g => Quote(g.ToString()),
        FtrackEntityRef r => Quote(r.Id),
        DateTimeOffset d => Quote(d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        DateTime d when d.Kind == DateTimeKind.Utc => Quote(d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        DateOnly d => Quote(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        int or long or short or byte or uint or ulong or ushort or sbyte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        float f when float.IsFinite(f) => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"ftrack queries cannot compare with a value of type {value.GetType().Name}.", nameof(value)),
    };

    private static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }

    private static FtrackFilter Combine(string op, FtrackFilter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Length == 0)
        {
            throw new ArgumentException("Combine at least one filter.", nameof(filters));
        }

        return filters.Length == 1 ? filters[0] : new Combination(op, filters);
    }

    private sealed class Comparison(string path, string op, object? value) : FtrackFilter
    {
        private readonly string _path = FtrackQuery.CheckPath(path, nameof(path));
        private readonly string _literal = Literal(value);

        public override string Render() => $"{_path} {op} {_literal}";
    }

    private sealed class Membership(string path, string op, IReadOnlyList<object?> values) : FtrackFilter
    {
        private readonly string _path = FtrackQuery.CheckPath(path, nameof(path));
        private readonly string _literals = string.Join(", ", values.Select(Literal));

        public override string Render() => $"{_path} {op} ({_literals})";
    }

    private sealed class Nested(string path, string op, FtrackFilter? inner) : FtrackFilter
    {
        private readonly string _path = FtrackQuery.CheckPath(path, nameof(path));

        public override string Render() => $"{_path} {op} ({inner?.Render() ?? ""})";
    }

    private sealed class Combination(string op, IReadOnlyList<FtrackFilter> parts) : FtrackFilter
    {
        public override string Render() => string.Join($" {op} ", parts.Select(p => "(" + p.Render() + ")"));
    }

    private sealed class Negation(FtrackFilter inner) : FtrackFilter
    {
        public override string Render() => $"not ({inner.Render()})";
    }
}
