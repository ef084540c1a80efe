using System.Diagnostics;
using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// A real <c>serve</c> of <see cref="DesktopWorld.ArtistOne"/> over the world's emulators, driven as ftrack's web client
/// drives it: menus opened (discover) and clicks or form submissions (launch) on a selection, with their replies.
/// </summary>
internal sealed class DesktopActionSession : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private DesktopActionSession(DesktopWorld world, DesktopProcess serve, string processId) => (World, Serve, ProcessId) = (world, serve, processId);

    public DesktopWorld World { get; }

    public DesktopProcess Serve { get; }

    /// <summary>The id this <c>serve</c> appends to its actions' identifiers.</summary>
    public string ProcessId { get; }

    public FtrackHubServer Hub => World.Ftrack.RequiredHub;

    public static async Task<DesktopActionSession> StartAsync(DesktopWorld world, Action<Dictionary<string, string?>>? environment = null)
    {
        var variables = world.Environment(DesktopWorld.ArtistOne);
        variables["AYON_API_KEY"] = DesktopWorld.AyonArtistKey;
        environment?.Invoke(variables);
        var serve = DesktopProcess.Start(variables, "serve");
        try
        {
            var started = await serve.WaitForLineAsync(l => (string?)l["event"] == "started", "started line");
            await serve.WaitForLineAsync(l => (string?)l["event"] == "status" && (string?)l["state"] == "connected", "connected status");
            return new DesktopActionSession(world, serve, (string)started["identifier"]!);
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    /// <summary>A <c>data.selection</c> of (id, legacy entity type) pairs.</summary>
    public static JsonArray Selection(params (string Id, string Type)[] items) =>
        new([.. items.Select(i => (JsonNode)new JsonObject { ["entityId"] = i.Id, ["entityType"] = i.Type })]);

    /// <summary>
    /// Opens the menu on <paramref name="selection"/> and returns the identifiers offered (without the process id). The
    /// action server answers events one at a time, so once a later menu on nothing is answered ("Where I run" answers
    /// every menu), every answer to this one is in.
    /// </summary>
    public async Task<IReadOnlyList<string>> OfferedAsync(JsonArray selection)
    {
        var discover = Hub.PublishAsWebClient("ftrack.action.discover", new JsonObject { ["selection"] = selection.DeepClone() });
        var probe = Hub.PublishAsWebClient("ftrack.action.discover", new JsonObject { ["selection"] = new JsonArray() });
        await Hub.WaitForRepliesAsync(probe, 1, Deadline, CancellationToken.None);
        return [.. Hub.RepliesTo(discover).SelectMany(r => r["data"]!["items"]!.AsArray())
            .Select(i => (string)i!["actionIdentifier"]!)
            .Select(id => id.EndsWith("." + ProcessId, StringComparison.Ordinal) ? id[..^(ProcessId.Length + 1)] : id)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Clicks (or, with <paramref name="values"/>, submits the form of) this process's <paramref name="identifier"/>; returns the reply's data.</summary>
    public async Task<JsonObject> LaunchAsync(string identifier, JsonArray selection, JsonObject? values = null)
    {
        var data = new JsonObject { ["actionIdentifier"] = $"{identifier}.{ProcessId}", ["selection"] = selection.DeepClone() };
        if (values is not null)
        {
            data["values"] = values.DeepClone();
        }

        var before = World.Ftrack.ApiRequestCount;
        var launch = Hub.PublishAsWebClient("ftrack.action.launch", data);
        try
        {
            return (await Hub.WaitForRepliesAsync(launch, 1, Deadline, CancellationToken.None)).Single()["data"]!.AsObject();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ftrack API requests since the launch: {World.Ftrack.ApiRequestCount - before}; serve wrote:\n{Output}", ex);
        }
    }

    /// <summary>The Jobs whose description starts with <paramref name="description"/>: (status, description).</summary>
    public IReadOnlyList<(string Status, string Description)> Jobs(string description) =>
        [.. World.Ftrack.QueryLocal("select status, data from Job").Select(j => (Status: (string)j!["status"]!, Description: (string?)JsonNode.Parse((string)j["data"]!)?["description"] ?? ""))
            .Where(j => j.Description.StartsWith(description, StringComparison.Ordinal))];

    /// <summary>Gives <see cref="DesktopWorld.ArtistOne"/> ftrack's Administrator role.</summary>
    public void GrantAdministrator() =>
        World.Ftrack.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = World.Artists[DesktopWorld.ArtistOne].Id, ["security_role_id"] = FtrackSeed.IdFor("role:Administrator"), ["is_all_projects"] = true,
        });

    /// <summary>Every line <c>serve</c> wrote, for failure messages and secret checks.</summary>
    public string Output => string.Join('\n', Serve.Lines) + "\n" + string.Join('\n', Serve.ErrorLines);

    public async ValueTask DisposeAsync() => await Serve.DisposeAsync();
}

/// <summary>Condition waits for the desktop tests (no fixed sleeps).</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<T?> read, string what) where T : class
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            if (read() is { } value)
            {
                return value;
            }

            until.Elapsed.ShouldBeLessThan(DesktopActionSession.Deadline, what);
            await Task.Delay(50);
        }
    }
}
