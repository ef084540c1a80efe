using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Client;

/// <summary>
/// The task status when an application starts (behaviour reference C-06, <c>post_launch_hook</c> settings): the task
/// of the launch context, found through its AYON folder's <c>ftrackId</c>, gets the first mapped status that applies.
/// <para>Fixed against the original (§7): there the first matching item won, so with the default mapping
/// (<c>In Progress ← __any__</c> first) the <c>__ignore__</c> item was never reached and an "On Hold" or "Omitted"
/// task was moved to "In Progress" too. Here an <c>__ignore__</c> item that lists the current status wins over every
/// other item; the rest keep the original's order and fallbacks.</para>
/// </summary>
public static class LaunchStatus
{
    /// <summary>The launch context: AYON project name, folder path and task name.</summary>
    public sealed record Context(string Project, string FolderPath, string Task);

    /// <summary>The statuses to try, best first; empty when the mapping leaves the status alone.</summary>
    public sealed record Decision(IReadOnlyList<string> Candidates, string? Reason);

    /// <summary>The pure rule: which statuses to try for a task in <paramref name="currentStatus"/>.</summary>
    public static Decision Decide(string currentStatus, PostLaunchHookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(currentStatus);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return new([], "post_launch_hook is turned off");
        }

        var current = currentStatus.Trim().ToLowerInvariant();
        bool Lists(NameValues item) => item.Value.Any(v => string.Equals(v.Trim(), current, StringComparison.OrdinalIgnoreCase));
        if (settings.Mapping.Any(item => IsIgnore(item) && Lists(item)))
        {
            return new([], $"status '{currentStatus}' is in the mapping's ignore list");
        }

        var candidates = new List<string>();
        foreach (var item in settings.Mapping.Where(i => !IsIgnore(i) && i.Name.Trim().Length > 0))
        {
            var applies = Lists(item) || item.Value.Any(v => string.Equals(v.Trim(), SettingsValues.AnyStatus, StringComparison.OrdinalIgnoreCase));
            if (applies && !candidates.Contains(item.Name.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                candidates.Add(item.Name.Trim());
            }
        }

        return candidates.Count == 0
            ? new([], $"no mapping item applies to status '{currentStatus}'")
            : new(candidates, null);
    }

    private static bool IsIgnore(NameValues item) => string.Equals(item.Name.Trim(), SettingsValues.IgnoreStatus, StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies the rule to the context's ftrack task; returns one line saying what happened.</summary>
    public static async Task<string> ApplyAsync(Context context, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, FtrackSession ftrack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var label = $"{context.Project}/{context.FolderPath.Trim('/')}/{context.Task}";
        var settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions.Value, context.Project, cancellationToken));
        if (!settings.Enabled)
        {
            return $"{label}: unchanged (ftrack is turned off for the project)";
        }

        var folderFtrackId = await DesktopLookups.FolderFtrackIdAsync(ayon, context.Project, context.FolderPath, cancellationToken);
        var task = await ftrack.QueryFirstAsync(
            FtrackQuery.From("Task").Select("id", "name", "status.name")
                .Where(FtrackFilter.All(FtrackFilter.Is("parent_id", folderFtrackId), FtrackFilter.Is("name", context.Task))),
            cancellationToken) ?? throw new DesktopLookupException($"ftrack has no task '{context.Task}' under the folder of {context.FolderPath} (ftrack id {folderFtrackId})");
        var current = task.GetEntity("status")?.GetString("name") ?? "";
        var decision = Decide(current, settings.PostLaunchHook);
        if (decision.Candidates.Count == 0)
        {
            return $"{label}: unchanged ({decision.Reason})";
        }

        var statuses = await ftrack.QueryAsync(FtrackQuery.From("Status").Select("id", "name"), cancellationToken);
        var tried = new List<string>();
        foreach (var candidate in decision.Candidates)
        {
            if (string.Equals(candidate, current, StringComparison.OrdinalIgnoreCase))
            {
                return $"{label}: unchanged (already '{current}')";
            }

            var status = statuses.FirstOrDefault(s => string.Equals(s.GetString("name"), candidate, StringComparison.OrdinalIgnoreCase));
            if (status is null)
            {
                tried.Add($"'{candidate}' does not exist in ftrack");
                continue;
            }

            ftrack.Update(task.Ref!, new Dictionary<string, object?> { ["status_id"] = status.GetString("id") });
            try
            {
                await ftrack.CommitAsync(cancellationToken);
                return $"{label}: status '{current}' → '{status.GetString("name")}'";
            }
            catch (FtrackServerException ex)
            {
                ftrack.Rollback();
                tried.Add($"'{candidate}' refused by ftrack ({ex.Message})");
            }
        }

        return $"{label}: unchanged ({string.Join("; ", tried)})";
    }
}
