using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Text.Json.Nodes;
using AyonFtrack.Client;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>
/// The demo's desktop step: the artist's <c>ayon-ftrack-desktop serve</c> (the real <see cref="ActionServer"/>, in this
/// process, with the environment the launcher gives it) answers the artist's ftrack action menu on a synced task and
/// launches an application: AYON lists its applications for the task, runs the clicked one, and the AYON launcher is
/// handed the URI AYON answered (here recorded instead of started). <see cref="Lines"/> says what happened, readably.
/// </summary>
public sealed class DemoDesktop(DemoWorld world) : IAsyncDisposable
{
    public const string ApplicationsVersion = "1.2.0";

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly RecordingLauncher _launcher = new();
    private AnonymousPipeServerStream? _stdin;
    private Task<int>? _serve;

    /// <summary>What the step saw, one line each.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Where the step is.</summary>
    public string State { get; private set; } = "not started";

    /// <summary>True once the click was answered and AYON recorded the execute call.</summary>
    public bool Done { get; private set; }

    /// <summary>Seeds AYON's applications, starts <c>serve</c> as the artist, opens the menu on <paramref name="ftrackTaskId"/> and clicks the first application.</summary>
    public async Task RunAsync(string ftrackTaskId, string taskLabel, CancellationToken cancellationToken)
    {
        await world.Ayon.SeedApplicationsAsync(ApplicationsVersion,
        [
            new AyonApplication("maya/2025", "Maya", "2025", "maya.png"),
            new AyonApplication("nuke/15-0", "Nuke", "15.0", "nuke.png", ["Compositing"]),
        ], cancellationToken);
        var artist = world.Show.Artist;
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DesktopEnvironment.FtrackServer] = world.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
            [DesktopEnvironment.FtrackApiUser] = artist.Username,
            [DesktopEnvironment.FtrackApiKey] = artist.ApiKey,
            ["AYON_SERVER_URL"] = world.Ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["AYON_API_KEY"] = world.Ayon.ServiceApiKey,
        };
        _stdin = new AnonymousPipeServerStream(PipeDirection.Out);
        var input = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, _stdin.ClientSafePipeHandle));
        var server = new ActionServer(new DesktopEnvironment(environment), input, TextWriter.Synchronized(new StringWriter()), TextWriter.Null, TimeProvider.System, _launcher);
        _serve = Task.Run(() => server.RunAsync(cancellationToken), cancellationToken);
        State = "serve starting";

        var hub = world.Ftrack.RequiredHub;
        var subscription = ActionServer.Subscription("ftrack.action.launch", artist.Username);
        while (!hub.Subscriptions.Any(s => s.Subscription == subscription))
        {
            if (_serve.IsCompleted)
            {
                State = $"serve stopped early ({(_serve.IsFaulted ? _serve.Exception!.GetBaseException().Message : "exit " + _serve.Result)})";
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        _lines.Enqueue($"serve runs as ftrack user {artist.Username}, action server {server.ProcessId[..8]}…, subscribed to that user's menu only");
        State = "menu opened";
        var selection = new JsonArray(new JsonObject { ["entityId"] = ftrackTaskId, ["entityType"] = "task" });
        var discover = hub.PublishAsWebClient("ftrack.action.discover", new JsonObject { ["selection"] = selection.DeepClone() });
        var replies = await hub.WaitForRepliesAsync(discover, 2, TimeSpan.FromSeconds(30), cancellationToken);
        var items = replies.SelectMany(r => r["data"]!["items"]!.AsArray()).OfType<JsonObject>().ToList();
        _lines.Enqueue($"ftrack action menu on {taskLabel}: {string.Join(" | ", items.Select(i => $"{i["label"]} {i["variant"]}".Trim()))}");
        var app = items.First(i => ((string?)i["actionIdentifier"])?.StartsWith(Applications.Action.Identifier + ".", StringComparison.Ordinal) == true);
        _lines.Enqueue($"  {app["label"]} {app["variant"]}: icon {app["icon"]}");

        State = $"clicked {app["label"]} {app["variant"]}";
        var launch = hub.PublishAsWebClient("ftrack.action.launch", new JsonObject { ["actionIdentifier"] = (string?)app["actionIdentifier"], ["selection"] = selection.DeepClone() });
        var reply = (await hub.WaitForRepliesAsync(launch, 1, TimeSpan.FromSeconds(30), cancellationToken)).Single()["data"]!;
        _lines.Enqueue($"clicked {app["label"]} {app["variant"]}: ftrack shows \"{reply["message"]}\" (success: {reply["success"]})");
        var execution = (await world.Ayon.ActionExecutionsAsync(cancellationToken)).LastOrDefault();
        if (execution is not null)
        {
            _lines.Enqueue($"AYON ran {execution.Identifier} of {execution.AddonName} {execution.AddonVersion} on task {execution.Context["entityIds"]?[0]} as {execution.User}");
        }

        foreach (var uri in _launcher.Uris)
        {
            var token = uri.IndexOf("&token=", StringComparison.Ordinal);
            _lines.Enqueue($"the AYON launcher was handed {(token < 0 ? uri : uri[..(token + 7)] + "…")}");
        }

        Done = execution is not null && (bool?)reply["success"] == true && !_launcher.Uris.IsEmpty;
        State = Done ? "launched" : $"not launched: {reply.ToJsonString()}";
    }

    /// <summary>Closes serve's stdin (it stops, as when the launcher goes away) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stdin is not null)
        {
            await _stdin.DisposeAsync();
        }

        if (_serve is not null)
        {
            await _serve.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private sealed class RecordingLauncher : IAyonLauncher
    {
        public ConcurrentQueue<string> Uris { get; } = new();

        public Task OpenAsync(string uri, CancellationToken cancellationToken)
        {
            Uris.Enqueue(uri);
            return Task.CompletedTask;
        }
    }
}
