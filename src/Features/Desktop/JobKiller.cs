using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "AYON Admin - Job Killer" (Python origin: <c>event_handlers_user/action_job_killer.py</c>, U-11): offered to users
/// with a role of <c>user_handlers.job_killer</c> (default Administrator); the form lists every queued or running ftrack
/// Job as "user - description - created" with a checkbox, and the submission sets the ticked ones to <c>failed</c>. It
/// runs no Job of its own (it would only show up in the next kill list).
/// <para>Fixed against the original: a submission with nothing ticked queried <c>id in ()</c>; here it answers "No jobs
/// were selected". A job that could not be changed, or that is no longer known, is named in the reply instead of only
/// in the log.</para>
/// </summary>
public static class JobKiller
{
    /// <summary>The action as ftrack shows it; identifier, label, variant and settings key are the original's.</summary>
    public static readonly UserAction Action = new(
        new LocalAction("ayon.job.killer", "AYON Admin", "- Job Killer", "Killing selected running jobs"), "job_killer");

    /// <summary>The Job statuses the form lists.</summary>
    public static readonly IReadOnlyList<string> ActiveStatuses = ["queued", "running"];

    /// <summary>A job the form lists.</summary>
    public sealed record Job(string Id, string? Username, string? Data, DateTimeOffset? CreatedAt);

    /// <summary>The menu opened, or a click (or form submission) on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.job.killer.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when something is selected (the original offers it on any selection, to the roles allowed).</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count > 0;
    }

    /// <summary>The job's label: "user - description - created" (<c>dd.MM.yyyy HH:mm:ss</c>), with the original's fallbacks.</summary>
    public static string Label(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        string description;
        try
        {
            description = job.Data is { Length: > 0 } data && JsonNode.Parse(data)?["description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String
                ? d.GetValue<string>() : "*No description*";
        }
        catch (JsonException)
        {
            description = "*No description*";
        }

        var created = job.CreatedAt?.ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
        return $"{job.Username ?? "Unknown user"} - {description} - {created}";
    }

    /// <summary>The form: a label and a checkbox (named by the job id) per job, separated by rules; a message when there is none.</summary>
    public static ActionResult Form(IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return ActionResult.Message(true, "Didn't found any running jobs");
        }

        var items = new List<JsonObject>();
        foreach (var job in jobs)
        {
            if (items.Count > 0)
            {
                items.Add(new JsonObject { ["type"] = "label", ["value"] = "---" });
            }

            items.Add(new JsonObject { ["type"] = "label", ["value"] = Label(job) });
            items.Add(new JsonObject { ["name"] = job.Id, ["type"] = "boolean", ["value"] = false });
        }

        return ActionResult.Form(items, "Select jobs to kill");
    }

    /// <summary>The ids ticked in the submitted form.</summary>
    public static IReadOnlyList<string> Ticked(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.True).Select(p => p.Key)];
    }

    /// <summary>The action's I/O: ftrack's queued and running Jobs and their users.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var values = ActionEvents.Values(e);
            if (values is null)
            {
                return Form(await RunningJobsAsync(cancellationToken));
            }

            var ids = Ticked(values);
            if (ids.Count == 0)
            {
                return ActionResult.Message(true, "No jobs were selected; nothing was killed.");
            }

            var known = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Job).Select("id", "status").Where(FtrackFilter.In("id", ids)), cancellationToken);
            var problems = ids.Where(id => known.All(j => j.Id != id)).Select(id => $"job {id} no longer exists").ToList();
            var killed = 0;
            foreach (var job in known)
            {
                session.Update(FtrackEntityRef.Of(FtrackEntityTypes.Job, job.Id), new Dictionary<string, object?> { ["status"] = "failed" });
                try
                {
                    await session.CommitAsync(cancellationToken);
                    killed++;
                }
                catch (FtrackServerException ex)
                {
                    session.Rollback();
                    problems.Add($"job {job.Id} could not be changed ({ex.Message})");
                }
            }

            return problems.Count == 0
                ? ActionResult.Message(true, "All selected jobs were killed Successfully!")
                : ActionResult.Message(killed > 0, $"{killed} of {ids.Count} selected job(s) killed; {string.Join("; ", problems)}.");
        }

        private async Task<IReadOnlyList<Job>> RunningJobsAsync(CancellationToken cancellationToken)
        {
            var jobs = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Job).Select("id", "user_id", "status", "created_at", "data")
                .Where(FtrackFilter.In("status", ActiveStatuses)), cancellationToken);
            var userIds = jobs.Select(j => j.GetString("user_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var usernames = userIds.Count == 0 ? new Dictionary<string, string?>()
                : (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username").Where(FtrackFilter.In("id", userIds)), cancellationToken))
                    .ToDictionary(u => u.Id, u => u.GetString("username"), StringComparer.Ordinal);
            return [.. jobs.Select(j => new Job(j.Id, j.GetString("user_id") is { } u ? usernames.GetValueOrDefault(u) : null, j.GetString("data"), j.GetDateTime("created_at")))];
        }
    }
}
