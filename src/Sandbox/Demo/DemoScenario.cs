using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Leech;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>One step of the scenario: what it does, and the condition that says it arrived.</summary>
/// <param name="Title">What the step shows, e.g. "shot created in ftrack -> folder in AYON".</param>
/// <param name="Act">The change a person makes (may be a no-op).</param>
/// <param name="Arrived">True once the change has gone through the services.</param>
/// <param name="Describe">What the condition still waits for (for the failure message).</param>
/// <param name="Report">Lines printed after the step (what it saw), or null.</param>
public sealed record DemoStep(string Title, Func<CancellationToken, Task> Act, Func<CancellationToken, Task<bool>> Arrived, Func<CancellationToken, Task<string>> Describe,
    Func<IReadOnlyList<string>>? Report = null);

/// <summary>
/// The scripted scenario over a running <see cref="DemoWorld"/> and <see cref="DemoServices"/>: auto-sync turned on in
/// ftrack (the full sync builds the show in AYON), a shot created in ftrack, a status changed and a comment written in
/// AYON, a shot deleted in ftrack, and at the end AYON equal to ftrack. Every change is made through the product's wire
/// clients as a person would make it; every arrival is read from the emulators' state.
/// </summary>
public sealed class DemoScenario(DemoWorld world, DemoClients people)
{
    public const string NewShot = "sh110";
    public const string NewShotSequence = "sq030";
    public const string StatusShot = "sh010";
    public const string NewStatus = "Approved";
    public const string CommentBody = "Lovely timing; approved for comp.";
    public const string DeletedShot = "sh100";

    private readonly DemoShow _show = world.Show;
    private Task? _desktopRun;
    private string? _newShotId;
    private string? _newTaskId;
    private string? _deletedFolderId;

    /// <summary>The artist's desktop client of the desktop step (the runner prints its lines and disposes it).</summary>
    public DemoDesktop Desktop { get; } = new(world);

    /// <summary>The project's name on both sides.</summary>
    public static string Project => DemoShow.ProjectName;

    /// <summary>The steps, in order (the services are started before the first).</summary>
    public IReadOnlyList<DemoStep> Steps() =>
    [
        new("services connected (leecher on the ftrack hub, processor handles its start marker)",
            _ => Task.CompletedTask,
            async ct => LeecherSubscribed() && await MarkerProcessedAsync(ct),
            async ct => $"leecher subscribed: {LeecherSubscribed()}, start marker processed: {await MarkerProcessedAsync(ct)}"),
        new("auto-sync turned on in ftrack -> full sync builds the show in AYON",
            ct => people.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", _show.ProjectId), _show.AutoSyncConfigurationId, true), ct),
            async ct => (await DriftAsync(ct)).Count == 0,
            async ct => Summarise(await DriftAsync(ct))),
        new($"shot {NewShot} created in ftrack -> folder and task in AYON",
            ct => people.CommitAsync(s =>
            {
                var shot = s.Create("Shot", new Dictionary<string, object?> { ["name"] = NewShot, ["parent_id"] = _show.Sequences[NewShotSequence] });
                var task = s.Create("Task", new Dictionary<string, object?>
                {
                    ["name"] = "lighting", ["parent_id"] = shot.Id, ["type_id"] = world.Ftrack.TypeId("Lighting"), ["status_id"] = world.Ftrack.StatusId("Not started"),
                });
                _newShotId = shot.Id;
                _newTaskId = task.Id;
            }, ct),
            async ct => await LinkedAsync(_newShotId, "folder", ct) && await LinkedAsync(_newTaskId, "task", ct),
            async ct => $"AYON folder linked: {await LinkedAsync(_newShotId, "folder", ct)}, task linked: {await LinkedAsync(_newTaskId, "task", ct)}"),
        new($"status of {StatusShot}/compositing set to {NewStatus} in AYON -> ftrack",
            async ct =>
            {
                var taskId = AyonIdOf(_show.Tasks[StatusShot + "/compositing"]) ?? throw new InvalidOperationException($"{StatusShot}/compositing has no AYON id.");
                if (FtrackStatusOf(_show.Tasks[StatusShot + "/compositing"]) == NewStatus)
                {
                    throw new InvalidOperationException($"{StatusShot}/compositing is {NewStatus} in ftrack already; the step would prove nothing.");
                }

                using (AyonImpersonation.As(DemoShow.ArtistName))
                {
                    await people.Ayon.UpdateTaskAsync(Project, taskId, new JsonObject { ["status"] = NewStatus }, ct);
                }
            },
            _ => Task.FromResult(FtrackStatusOf(_show.Tasks[StatusShot + "/compositing"]) == NewStatus),
            _ => Task.FromResult($"ftrack status is '{FtrackStatusOf(_show.Tasks[StatusShot + "/compositing"])}'")),
        new($"comment on {StatusShot}/compositing written in AYON -> ftrack note",
            async ct =>
            {
                var taskId = AyonIdOf(_show.Tasks[StatusShot + "/compositing"]) ?? throw new InvalidOperationException($"{StatusShot}/compositing has no AYON id.");
                using (AyonImpersonation.As(DemoShow.ArtistName))
                {
                    await people.Ayon.CreateActivityAsync(Project, "task", taskId, new ActivityCreate { Body = CommentBody }, ct);
                }
            },
            _ => Task.FromResult(NotesOn(_show.Tasks[StatusShot + "/compositing"]).Any(n => n?["content"]?.GetValue<string>() == CommentBody)),
            _ => Task.FromResult($"notes on the ftrack task: {NotesOn(_show.Tasks[StatusShot + "/compositing"]).Count}")),
        new($"shot {DeletedShot} deleted in ftrack -> removed from AYON",
            ct =>
            {
                _deletedFolderId = AyonIdOf(_show.Shots[DeletedShot]);
                return people.CommitAsync(s => s.Delete(FtrackEntityRef.Of("Shot", _show.Shots[DeletedShot])), ct);
            },
            async ct => _deletedFolderId is not null && await GoneAsync(_deletedFolderId, ct),
            async ct => _deletedFolderId is null ? "the shot had no AYON id before the deletion" : $"AYON folder still active: {!await GoneAsync(_deletedFolderId, ct)}"),
        new($"the artist's ayon-ftrack-desktop serve answers the ftrack action menu on {StatusShot}/compositing and launches an app",
            ct =>
            {
                _desktopRun = Desktop.RunAsync(_show.Tasks[StatusShot + "/compositing"], $"{StatusShot}/compositing", ct);
                return Task.CompletedTask;
            },
            _ => Task.FromResult(Desktop.Done),
            _ => Task.FromResult(_desktopRun is { IsFaulted: true } failed ? $"failed: {failed.Exception!.GetBaseException().Message}" : Desktop.State),
            () => Desktop.Lines),
        new("queues settled without a failed job, no echo, and AYON equals ftrack (drift report empty)",
            _ => Task.CompletedTask,
            async ct => await SettledAsync(ct) && await StatusChangesAsync(ct) == 1 && (await DriftAsync(ct)).Count == 0,
            async ct => $"{await JobsAsync(ct)}; status changes in AYON: {await StatusChangesAsync(ct)} (1 expected: the artist's, none echoed back); drift: {Summarise(await DriftAsync(ct))}"),
    ];

    /// <summary>The drift report (empty when AYON equals ftrack), with the attribute mapping of the project's settings.</summary>
    public async Task<IReadOnlyList<DriftItem>> DriftAsync(CancellationToken cancellationToken)
    {
        if (await people.Ayon.GetProjectAsync(Project, cancellationToken) is not { IsSuccessStatusCode: true })
        {
            return [new DriftItem(DriftKind.Missing, "", $"AYON project '{Project}' does not exist")];
        }

        var settings = FtrackSettings.Parse(await people.Ayon.GetServiceProjectSettingsAsync(people.AyonOptions, Project, cancellationToken));
        return await people.WithFtrackAsync(session => DriftReport.CompareAsync(session, people.Ayon, Project, settings.CustomAttributes.AttributesMapping, cancellationToken));
    }

    /// <summary>The ftrack side: one line per folder-like entity with its tasks (type, status, assignees).</summary>
    public async Task<IReadOnlyList<string>> FtrackTreeAsync(CancellationToken cancellationToken)
    {
        var state = await people.WithFtrackAsync(session => ProjectSnapshots.LoadFtrackAsync(session, Project, cancellationToken));
        if (state is null)
        {
            return ["(no ftrack project)"];
        }

        var tasks = state.Contexts.Where(c => c.IsTask).ToLookup(c => c.ParentId ?? "", StringComparer.Ordinal);
        return [.. state.Contexts.Where(c => !c.IsTask)
            .OrderBy(c => string.Join("/", c.LinkNames), StringComparer.Ordinal)
            .Select(c => $"{string.Join("/", c.LinkNames.Skip(1))} ({c.ObjectTypeName}{(c.StatusName is null ? "" : ", " + c.StatusName)})"
                + TaskList(tasks[c.Id].Select(t => (t.Name, t.TypeName ?? "?", t.StatusName, Assignees(state, t.Id))).ToList()))];
    }

    /// <summary>The AYON side: one line per folder (path, type, status) with its tasks.</summary>
    public async Task<IReadOnlyList<string>> AyonTreeAsync(CancellationToken cancellationToken)
    {
        var state = await ProjectSnapshots.LoadAyonAsync(people.Ayon, Project, cancellationToken);
        if (state is null)
        {
            return ["(no AYON project)"];
        }

        var tasks = state.Tasks.Where(t => t.Active).ToLookup(t => t.FolderId, StringComparer.Ordinal);
        return [.. state.Folders.Where(f => f.Active)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => $"{(f.Path ?? f.Name).TrimStart('/')} ({f.FolderType}{(f.Status is null ? "" : ", " + f.Status)})"
                + TaskList(tasks[f.Id].Select(t => (t.Name, t.TaskType, t.Status, (IReadOnlyList<string>)t.Assignees)).ToList()))];
    }

    private static IReadOnlyList<string> Assignees(FtrackProjectState state, string taskId) =>
        state.AssigneesByTask.TryGetValue(taskId, out var users) ? [.. users.Select(u => u.Username ?? u.Id)] : [];

    private static string TaskList(List<(string Name, string Type, string? Status, IReadOnlyList<string> Assignees)> tasks) =>
        tasks.Count == 0
            ? ""
            : ": " + string.Join(", ", tasks.OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => $"{t.Name} [{t.Type}{(t.Status is null ? "" : ", " + t.Status)}{(t.Assignees.Count == 0 ? "" : "; " + string.Join(" ", t.Assignees))}]"));

    private static string Summarise(IReadOnlyList<DriftItem> drift) =>
        drift.Count == 0 ? "none" : $"{drift.Count} difference(s), first: {string.Join("; ", drift.Take(3))}";

    /// <summary>Every processor and transmitter job finished (a failed one never settles: the step reports it).</summary>
    private async Task<bool> SettledAsync(CancellationToken cancellationToken)
    {
        var counts = await DemoCounts.ReadAsync(world.Ayon, null, cancellationToken);
        return counts.Unsettled == 0 && counts.Jobs("ftrack.proc", "failed") == 0 && counts.Jobs("ftrack.sync", "failed") == 0;
    }

    /// <summary>AYON status changes of tasks: the artist's one, plus any the ftrack side would echo back.</summary>
    private async Task<int> StatusChangesAsync(CancellationToken cancellationToken) =>
        (await world.Ayon.GetEventsAsync("entity.task.status_changed", cancellationToken)).Count;

    private async Task<string> JobsAsync(CancellationToken cancellationToken)
    {
        var jobs = (await world.Ayon.GetEventsAsync(null, cancellationToken)).Where(e => e.Topic is "ftrack.proc" or "ftrack.sync" && e.Status != "finished").ToList();
        return jobs.Count == 0
            ? "every job finished"
            : $"{jobs.Count} job(s) not finished: " + string.Join("; ", jobs.Take(3).Select(j => $"{j.Topic} {j.Status} '{j.Description}'"));
    }

    private bool LeecherSubscribed() => world.Ftrack.RequiredHub.Subscriptions.Any(s => s.Subscription == "topic=*");

    private async Task<bool> MarkerProcessedAsync(CancellationToken cancellationToken)
    {
        var markers = (await world.Ayon.GetEventsAsync("ftrack.leech", cancellationToken))
            .Where(e => e.Payload["topic"]?.GetValue<string>() == LeecherStartedMarker.Topic).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return markers.Count > 0 && (await world.Ayon.GetEventsAsync("ftrack.proc", cancellationToken)).Any(j => j.DependsOn is { } d && markers.Contains(d) && j.Status == "finished");
    }

    /// <summary>The AYON id ftrack holds for <paramref name="ftrackId"/> (<c>ayon_id</c>), or null.</summary>
    private string? AyonIdOf(string? ftrackId) =>
        ftrackId is null ? null : world.Ftrack.GetCustomAttributeValue(_show.AyonIdConfigurationId, ftrackId)?.GetValue<string>() is { Length: > 0 } id ? id : null;

    /// <summary>True when ftrack points at an AYON entity of <paramref name="entityType"/> that points back (<c>ftrackId</c>).</summary>
    private async Task<bool> LinkedAsync(string? ftrackId, string entityType, CancellationToken cancellationToken) =>
        AyonIdOf(ftrackId) is { } ayonId
        && await world.Ayon.GetEntityAsync(Project, entityType, ayonId, cancellationToken) is { } entity
        && entity["attrib"]?["ftrackId"]?.GetValue<string>() == ftrackId;

    private async Task<bool> GoneAsync(string ayonFolderId, CancellationToken cancellationToken) =>
        await world.Ayon.GetEntityAsync(Project, "folder", ayonFolderId, cancellationToken) is not { } folder || folder["active"]?.GetValue<bool>() == false;

    private string? FtrackStatusOf(string taskId) =>
        world.Ftrack.QueryLocal($"select status.name from Task where id is \"{taskId}\"").FirstOrDefault()?["status"]?["name"]?.GetValue<string>();

    private JsonArray NotesOn(string parentId) =>
        world.Ftrack.QueryLocal($"select id, content from Note where parent_id is \"{parentId}\"");
}
