using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Integration.Tests.Ayon.Golden;

/// <summary>
/// The golden pairs cover what the port calls: every route of the AYON wire client (<see cref="IAyonApi"/>'s Refit
/// attributes) has at least one pair with its method and a path of its shape, and every fixed GraphQL document the
/// port sends (the <c>*Document</c> constants of the AYON client) is replayed verbatim by a pair. Adding a route or
/// changing a document without its pair fails here.
/// </summary>
public sealed partial class AyonGoldenCoverageTests
{
    [Fact]
    public void EveryRouteOfTheAyonClient_HasAGoldenPair()
    {
        var requests = Requests().ToList();
        var uncovered = new List<string>();
        foreach (var (method, template) in ClientRoutes())
        {
            var shape = Shape(template);
            if (!requests.Any(r => r.Method == method && shape.IsMatch(r.Path)))
            {
                uncovered.Add($"{method} {template}");
            }
        }

        ClientRoutes().Count().ShouldBeGreaterThan(50);
        uncovered.ShouldBeEmpty("routes of IAyonApi without a golden pair in tests/Integration.Tests/Ayon/Golden");
    }

    [Fact]
    public void EveryGraphQlDocumentOfThePort_IsReplayedVerbatim()
    {
        var queries = Requests().Where(r => r.Path == "/graphql").Select(r => r.Query).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var documents = typeof(IAyonApi).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("AyonFtrack.Features.Ayon", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Document", StringComparison.Ordinal))
            .ToList();

        documents.Count.ShouldBeGreaterThanOrEqualTo(9);
        documents.Where(d => !queries.Contains((string)d.GetRawConstantValue()!))
            .Select(d => $"{d.DeclaringType!.Name}.{d.Name}")
            .ShouldBeEmpty("GraphQL documents the port sends that no golden pair replays verbatim");
    }

    /// <summary>A route template as a pattern: <c>{name}</c> is one path segment, <c>{**name}</c> any rest.</summary>
    private static Regex Shape(string template)
    {
        var pattern = new System.Text.StringBuilder("^");
        var last = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            pattern.Append(Regex.Escape(template[last..m.Index])).Append(m.Value.StartsWith("{**", StringComparison.Ordinal) ? ".+" : "[^/]+");
            last = m.Index + m.Length;
        }

        return new Regex(pattern.Append(Regex.Escape(template[last..])).Append('$').ToString());
    }

    private static IEnumerable<(string Method, string Template)> ClientRoutes() =>
        typeof(IAyonApi).GetMethods()
            .SelectMany(m => m.GetCustomAttributes<Refit.HttpMethodAttribute>())
            .Select(a => (a.Method.Method.ToUpperInvariant(), a.Path.Split('?')[0]));

    private static IEnumerable<(string Method, string Path, string? Query)> Requests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Ayon", "Golden"), "*.json"))
        {
            foreach (var pair in JsonNode.Parse(File.ReadAllText(file))!["pairs"]!.AsArray().OfType<JsonObject>())
            {
                var request = pair["request"]!.AsObject();
                yield return (request["method"]!.GetValue<string>().ToUpperInvariant(), request["path"]!.GetValue<string>().Split('?')[0],
                    request["body"]?["query"]?.GetValue<string>());
            }
        }
    }

    [GeneratedRegex(@"\{\*?\*?[A-Za-z]+\}")]
    private static partial Regex Placeholder();
}
