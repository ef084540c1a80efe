using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Integration.Tests.Ayon.Golden;

/// <summary>
/// Golden request/response pairs for the AYON routes the product calls, written from ayon-backend's routes and models
/// (see NOTICE.md beside the data files), replayed over raw HTTP against the emulator as a server. One case per file:
/// the file's pairs run in order against one fresh emulator (a project <c>golden</c> seeded), so later pairs can use ids
/// an earlier pair captured. Every mismatch of every pair is reported, named by the pair.
/// <para>
/// Matching: the status; then, when the pair gives a <c>body</c>, every key it lists (objects are matched as subsets,
/// arrays element by element with the same length). Placeholders: <c>&lt;id&gt;</c> 32 lowercase hex, <c>&lt;timestamp&gt;</c>
/// an ISO-8601 time, <c>&lt;string&gt;</c>, <c>&lt;number&gt;</c>, <c>&lt;any&gt;</c> (present), <c>&lt;absent&gt;</c> (the key
/// is missing); <c>{name}</c> inside strings is a variable (seeded or captured). <c>"empty": true</c> asks for no body.
/// A request body is JSON (<c>body</c>) or bytes (<c>base64Body</c> with <c>contentType</c>).
/// </para>
/// </summary>
public sealed partial class AyonGoldenPairsTests
{
    private const string ArtistKey = "golden-artist-key-0123456789abcdef";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in FileNames())
        {
            data.Add(name);
        }

        return data;
    }

    private static List<string> FileNames() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Ayon", "Golden"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void Files_CoverEveryDataFile_AndNameTheirSource()
    {
        var files = FileNames();

        files.Count.ShouldBeGreaterThanOrEqualTo(6);
        foreach (var name in files)
        {
            var document = Load(name);
            document["source"]!.GetValue<string>().ShouldContain("ayon-backend");
            document["pairs"]!.AsArray().Count.ShouldBeGreaterThan(0);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Replay_GoldenFile_EmulatorAnswersAsTheRealServer(string file)
    {
        var document = Load(file);
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.SeedProjectAsync("golden", "gld", CancellationToken.None);
        await host.Emulator.AddUserAsync("artist", ArtistKey, new JsonObject(), new JsonObject { ["fullName"] = "Artist", ["email"] = "artist@example.com" }, CancellationToken.None);
        await host.Emulator.SetAddonDefaultsAsync("ftrack", "1.6.4", new JsonObject { ["ftrack_server"] = "", ["service_settings"] = new JsonObject { ["username"] = "u_secret" } }, CancellationToken.None);
        await host.Emulator.SetSecretAsync("golden_secret", "s3cret-value", CancellationToken.None);
        if (file == "actions")
        {
            // Only this file's studio has the applications addon (it would join the bundle settings.json checks).
            await host.Emulator.SeedApplicationsAsync("1.2.0",
                [new AyonApplication("maya/2025", "Maya", "2025", "maya.png"), new AyonApplication("nuke/15-0", "Nuke", "15.0", "nuke.png", ["Compositing"])], CancellationToken.None);
        }
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["project"] = "golden",
            ["serviceUser"] = host.Emulator.Options.ServiceUserName,
            ["serverVersion"] = host.Emulator.Options.ServerVersion,
        };

        var failures = new List<string>();
        using var http = new HttpClient { BaseAddress = host.Emulator.BaseUrl };
        foreach (var pair in document["pairs"]!.AsArray().OfType<JsonObject>())
        {
            var name = pair["name"]!.GetValue<string>();
            using var request = BuildRequest(pair["request"]!.AsObject(), host, variables);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var expected = pair["response"]!.AsObject();
            var problems = new List<string>();
            var status = expected["status"]!.GetValue<int>();
            if ((int)response.StatusCode != status)
            {
                problems.Add($"status {(int)response.StatusCode}, expected {status}");
            }

            JsonNode? actual = null;
            if (text.Length > 0)
            {
                try
                {
                    actual = JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    actual = JsonValue.Create(text);
                }
            }

            if (expected["empty"] is JsonValue e && e.GetValue<bool>() && text.Length > 0 && text != "null")
            {
                problems.Add($"expected no body, got {Short(text)}");
            }

            if (expected["body"] is { } body)
            {
                Match(body, actual, "$", variables, problems);
            }

            if (problems.Count > 0)
            {
                failures.Add($"[{name}] {string.Join("; ", problems)} — body {Short(text)}");
                continue;
            }

            foreach (var (variable, pathNode) in pair["capture"] as JsonObject ?? [])
            {
                var value = Navigate(actual, pathNode!.GetValue<string>());
                variables[variable] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            }
        }

        failures.ShouldBeEmpty($"{file}.json: {failures.Count} of {document["pairs"]!.AsArray().Count} pairs differ");
    }

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ayon", "Golden", name + ".json")))!.AsObject();

    private static HttpRequestMessage BuildRequest(JsonObject spec, AyonTestHost host, Dictionary<string, string> variables)
    {
        var method = new HttpMethod(spec["method"]!.GetValue<string>());
        var request = new HttpRequestMessage(method, new Uri(Substitute(spec["path"]!.GetValue<string>(), variables), UriKind.Relative));
        switch (spec["auth"]?.GetValue<string>() ?? "service")
        {
            case "service":
                request.Headers.Add("x-api-key", host.Emulator.ServiceApiKey);
                break;
            case "artist":
                request.Headers.Add("x-api-key", ArtistKey);
                break;
            case "bad-key":
                request.Headers.Add("x-api-key", "not-a-key-of-anyone");
                break;
            case "bearer-unknown":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "00000000000000000000000000000000000000000000000000000000000000ff");
                break;
            case "none":
                break;
            default:
                throw new InvalidOperationException($"unknown auth {spec["auth"]}");
        }

        foreach (var (header, value) in spec["headers"] as JsonObject ?? [])
        {
            request.Headers.TryAddWithoutValidation(header, Substitute(value!.GetValue<string>(), variables));
        }

        if (spec["body"] is { } body)
        {
            request.Content = new StringContent(Substitute(body.ToJsonString(), variables), Encoding.UTF8, "application/json");
        }
        else if (spec["base64Body"] is JsonValue raw)
        {
            request.Content = new ByteArrayContent(Convert.FromBase64String(raw.GetValue<string>()));
            if (spec["contentType"] is JsonValue type)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type.GetValue<string>());
            }
        }

        return request;
    }

    private static string Substitute(string text, Dictionary<string, string> variables) =>
        Variable().Replace(text, m => variables.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    private static void Match(JsonNode? expected, JsonNode? actual, string path, Dictionary<string, string> variables, List<string> problems)
    {
        switch (expected)
        {
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    problems.Add($"{path}: expected an object, got {Short(actual?.ToJsonString() ?? "nothing")}");
                    return;
                }

                foreach (var (key, value) in eo)
                {
                    var present = ao.TryGetPropertyValue(key, out var actualValue);
                    if (value is JsonValue placeholder && placeholder.TryGetValue<string>(out var p) && p == "<absent>")
                    {
                        if (present)
                        {
                            problems.Add($"{path}.{key}: expected absent, got {Short(actualValue?.ToJsonString() ?? "null")}");
                        }

                        continue;
                    }

                    if (!present)
                    {
                        problems.Add($"{path}.{key}: missing");
                        continue;
                    }

                    Match(value, actualValue, $"{path}.{key}", variables, problems);
                }

                return;
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count != ea.Count)
                {
                    problems.Add($"{path}: expected an array of {ea.Count}, got {Short(actual?.ToJsonString() ?? "nothing")}");
                    return;
                }

                for (var i = 0; i < ea.Count; i++)
                {
                    Match(ea[i], aa[i], $"{path}[{i}]", variables, problems);
                }

                return;
            case JsonValue ev when ev.TryGetValue<string>(out var s) && s.Length > 2 && s[0] == '<' && s[^1] == '>':
                if (!Placeholder(s, actual))
                {
                    problems.Add($"{path}: expected {s}, got {Short(actual?.ToJsonString() ?? "null")}");
                }

                return;
            case JsonValue ev when ev.TryGetValue<string>(out var s):
                var wanted = Substitute(s, variables);
                if (actual is not JsonValue av || !av.TryGetValue<string>(out var got) || got != wanted)
                {
                    problems.Add($"{path}: expected \"{wanted}\", got {Short(actual?.ToJsonString() ?? "null")}");
                }

                return;
            default:
                if (!JsonNode.DeepEquals(Normalize(expected), Normalize(actual)))
                {
                    problems.Add($"{path}: expected {expected?.ToJsonString() ?? "null"}, got {Short(actual?.ToJsonString() ?? "null")}");
                }

                return;
        }
    }

    private static bool Placeholder(string placeholder, JsonNode? actual) => placeholder switch
    {
        "<any>" => true,
        "<id>" => actual is JsonValue v && v.TryGetValue<string>(out var s) && HexId().IsMatch(s),
        "<string>" => actual is JsonValue v && v.TryGetValue<string>(out _),
        "<number>" => actual is JsonValue v && v.TryGetValue<double>(out _),
        "<timestamp>" => actual is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => throw new InvalidOperationException($"unknown placeholder {placeholder}"),
    };

    /// <summary>Numbers compare by value (1 and 1.0 are the same JSON number).</summary>
    private static JsonNode? Normalize(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? JsonValue.Create(d) : node;

    private static JsonNode? Navigate(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? (node as JsonArray)?[index] : (node as JsonObject)?[part];
        }

        return node;
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Variable();
}
