using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>
/// "AYON Admin - Sync to AYON" (Python origin: <c>action_sync_from_ftrack.py</c>, P-10): offered on a single selected
/// project to users with a role of <c>service_event_handlers.sync_from_ftrack.role_list</c>; launching it runs the full
/// project sync (<see cref="ProjectSync"/>, P-22) under an ftrack Job, shows the sync's report (if any) as the widget
/// "Sync to AYON report" and replies a summary. It also answers the launches the service publishes itself as the
/// service user (the leecher-started resync, Prepare Project): those pass the role list, as in the original, which
/// checks no roles on launch. As in the original, a project missing in AYON is not created here: the user is told to
/// run "Prepare Project for AYON" first.
/// </summary>
public static partial class SyncFromFtrackAction
{
    /// <summary>The action as ftrack shows it; identifier, label, variant and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        SyncLaunch.Identifier,
        "AYON Admin",
        "- Sync to AYON",
        "Synchronize project hierarchy based on ftrack",
        SettingsKey: "sync_from_ftrack");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => ActionEvents.SingleProjectId(e) is not null) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>The widget title of the sync report.</summary>
    public const string ReportTitle = "Sync to AYON report";

    /// <summary>Run the sync of the selected project.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, string ProjectId) : IActionLaunch;

    /// <summary>What a launch does once the project is known on both sides.</summary>
    public enum LaunchDecision
    {
        /// <summary>Run the full sync.</summary>
        Sync,

        /// <summary>The selected ftrack project does not exist (any more).</summary>
        FtrackProjectMissing,

        /// <summary>AYON has no project of that name: Prepare Project has to create it first.</summary>
        AyonProjectMissing,
    }

    /// <summary>Launches of this action (a selection of one project).</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ActionEvents.SingleProjectId(e) is { } projectId ? new LaunchCommand(e, projectId) : null;
    }

    /// <summary>Whether the sync can run.</summary>
    public static LaunchDecision Decide(string? ftrackProjectName, bool ayonProjectExists) =>
        ftrackProjectName is null ? LaunchDecision.FtrackProjectMissing
        : ayonProjectExists ? LaunchDecision.Sync
        : LaunchDecision.AyonProjectMissing;

    /// <summary>The reply when the sync does not run.</summary>
    public static ActionResult Refusal(LaunchDecision decision, string projectIdOrName) => decision switch
    {
        LaunchDecision.FtrackProjectMissing => ActionResult.Message(false, $"The ftrack project {projectIdOrName} does not exist."),
        LaunchDecision.AyonProjectMissing => ActionResult.Message(
            false, $"Project \"{projectIdOrName}\" does not exist in AYON. Run \"AYON Admin - Prepare Project for AYON\" on it first."),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "the sync runs"),
    };

    /// <summary>The reply after the sync: what changed on each side, and whether the report lists problems.</summary>
    public static ActionResult Summary(ProjectSyncResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var changes = result.AyonOperations == 0 && !result.ProjectPatched && result.FtrackWrites == 0
            ? "AYON was already up to date"
            : $"{result.AyonOperations} AYON entity change(s){(result.ProjectPatched ? ", project settings updated" : "")}, {result.FtrackWrites} ftrack value(s) written back";
        var problems = result.Report.Count == 0 ? "" : $" {result.Report.Count} item(s) could not be synchronised: see \"{ReportTitle}\".";
        return ActionResult.Message(true, $"Sync to AYON of \"{result.ProjectName}\" finished: {changes}.{problems}");
    }

    /// <summary>The report widget's items: a heading and one label per report line.</summary>
    public static IReadOnlyList<JsonObject> ReportItems(ProjectSyncResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return
        [
            new JsonObject { ["type"] = "label", ["value"] = $"# Project \"{result.ProjectName}\": {result.Report.Count} item(s) not synchronised" },
            .. result.Report.Select(line => new JsonObject { ["type"] = "label", ["value"] = $"- {line}" }),
        ];
    }

    /// <summary>True when AYON has the project, false on 404; any other answer is an error naming the project.</summary>
    internal static async Task<bool> AyonProjectExistsAsync(IAyonApi ayon, string projectName, CancellationToken cancellationToken)
    {
        using var response = await ayon.GetProjectAsync(projectName, cancellationToken);
        if (response.IsSuccessful)
        {
            return true;
        }

        return response.StatusCode == HttpStatusCode.NotFound
            ? false
            : throw new SyncException($"AYON answered HTTP {(int?)response.StatusCode} when asked for project '{projectName}'.");
    }

    internal sealed class LaunchHandler(
        ActionRuntime actions, FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IOptions<SyncOptions> options, ILoggerFactory loggers, ILogger<LaunchHandler> logger) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            var project = await session.QueryFirstAsync(
                FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "full_name").Where(FtrackFilter.Is("id", launch.ProjectId)), cancellationToken);
            var name = project?.GetString("full_name");
            var exists = name is not null && await AyonProjectExistsAsync(ayon, name, cancellationToken);
            var decision = Decide(name, exists);
            Log.Launched(logger, launch.Event.Id, name ?? launch.ProjectId, decision);
            if (decision != LaunchDecision.Sync)
            {
                return Refusal(decision, name ?? launch.ProjectId);
            }

            var sync = new ProjectSync(session, ayon, ayonOptions, options, loggers.CreateLogger<ProjectSync>());
            var result = await actions.RunWithJobAsync(launch.Event, $"Sync to AYON: {name}", jobCt => sync.RunAsync(name!, jobCt), cancellationToken);
            if (result.Report.Count > 0)
            {
                await actions.ShowInterfaceAsync(launch.Event, ReportItems(result), ReportTitle, null, cancellationToken);
            }

            return Summary(result);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Sync to AYON launched by ftrack event {FtrackEventId} for {Project}: {Decision}")]
        public static partial void Launched(ILogger logger, string ftrackEventId, string project, LaunchDecision decision);
    }
}
