using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "AYON Admin - Calculate project component sizes" (Python origin: <c>action_project_component_sizes.py</c>, P-07 and
/// P-08). The action asks for all projects or the selected one, creates a running ftrack Job whose data tracks every
/// project, and publishes one <c>ayon.calculate.project.component.size</c> event per project. Each of those (leeched and
/// processed one at a time) sums the sizes of the project's components stored in the ftrack server or review location,
/// under its non-task contexts, into the Job; after the last one the Job gets a CSV (project, size, bytes; largest
/// first) as its component and is done. A project that fails more than twice counts as done with no size.
/// </summary>
public static partial class ComponentSizes
{
    /// <summary>The topic of one project's calculation.</summary>
    public const string CalculateTopic = Topics.ComponentSize;

    /// <summary>The action as ftrack shows it; identifier, label and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        "project.components.sizes", "AYON Admin", "- Calculate project component sizes", SettingsKey: "project_components_sizes");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, ServerActionDescriptor.AnySelection) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>The locations whose components count (ftrack's own storage).</summary>
    public static readonly IReadOnlyList<string> Locations = [FtrackLocationIds.Server, FtrackLocationIds.Review];

    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : IActionLaunch;

    public sealed record CalculateCommand(string ProjectId, string JobId) : ICommand;

    /// <summary>Launches of this action.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new LaunchCommand(e, ActionEvents.Values(e));
    }

    /// <summary>One project's calculation event.</summary>
    public static CalculateCommand? Calculate(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Equals(e.Topic, CalculateTopic, StringComparison.Ordinal)
            && e.Data.ValueKind == JsonValueKind.Object
            && e.Data.TryGetProperty("project_id", out var project) && project.ValueKind == JsonValueKind.String
            && e.Data.TryGetProperty("job_id", out var job) && job.ValueKind == JsonValueKind.String
            ? new CalculateCommand(project.GetString()!, job.GetString()!)
            : null;
    }

    internal sealed class CalculateValidator : AbstractValidator<CalculateCommand>
    {
        public CalculateValidator()
        {
            RuleFor(c => c.ProjectId).NotEmpty();
            RuleFor(c => c.JobId).NotEmpty();
        }
    }

    internal sealed class LaunchHandler(ActionRuntime actions, ProjectContexts scopes, FtrackSession session, IFtrackEventHub hub, TimeProvider time) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            var selected = await scopes.ForEventAsync(launch.Event, cancellationToken);
            if (launch.Values is null || launch.Values.Count == 0)
            {
                return Form(selected?.ProjectName);
            }

            var onlySelected = launch.Values["workflow"]?.GetValue<string>() == "selected_project" && selected is not null;
            var projects = onlySelected
                ? [(selected!.FtrackProjectId, selected.ProjectName)]
                : await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "full_name"), e => (e.Id, Name: e.GetString("full_name") ?? e.Id), cancellationToken);
            var stamp = time.GetLocalNow().ToString("yy-MM-dd-HHmm", CultureInfo.InvariantCulture);
            var data = StartData(projects, $"{(onlySelected ? selected!.ProjectName : "AllProjects")}_size_{stamp}");
            var job = session.Create(FtrackEntityTypes.Job, new Dictionary<string, object?>
            {
                ["status"] = "running",
                ["data"] = data.ToJsonString(),
                ["user_id"] = await actions.UserIdAsync(launch.Event, cancellationToken),
            });
            await session.CommitAsync(cancellationToken);
            foreach (var (id, _) in projects)
            {
                await hub.PublishAsync(
                    FtrackEvent.Create(Guid.NewGuid().ToString("N"), CalculateTopic, new JsonObject { ["project_id"] = id, ["job_id"] = job.Id }),
                    cancellationToken);
            }

            return ActionResult.Message(true, "This may take some time. The result is attached to the job when it is done.");
        }
    }

    internal sealed partial class CalculateHandler(FtrackSession session, ILogger<CalculateHandler> logger) : IRequestHandler<CalculateCommand, Unit>
    {
        private const int Chunk = 200;

        public async Task<Unit> Handle(CalculateCommand request, CancellationToken cancellationToken)
        {
            var job = await session.GetAsync(FtrackEntityTypes.Job, request.JobId, ["id", "status", "data"], cancellationToken);
            if (job?.GetString("status") != "running" || job.GetString("data") is not { } text || JsonNode.Parse(text) is not JsonObject data
                || data["project_data"]?[request.ProjectId] is not JsonObject project)
            {
                Log.NotRunning(logger, request.JobId, request.ProjectId);
                return Unit.Value;
            }

            if (project["done"]?.GetValue<bool>() != true)
            {
                var attempts = (FtrackValue.ReadInt64(project["attempts"]) ?? 0) + 1;
                project["attempts"] = attempts;
                await SaveAsync(request.JobId, data, "running", cancellationToken);
                if (await session.GetAsync(FtrackEntityTypes.Project, request.ProjectId, ["id"], cancellationToken) is null || attempts > 2)
                {
                    project["done"] = true;
                }
                else
                {
                    project["size"] = await SizeAsync(request.ProjectId, cancellationToken);
                    project["done"] = true;
                }
            }

            var finished = (data["project_data"] as JsonObject ?? []).All(p => p.Value?["done"]?.GetValue<bool>() == true);
            if (!finished)
            {
                await SaveAsync(request.JobId, data, "running", cancellationToken);
                return Unit.Value;
            }

            var csv = Encoding.UTF8.GetBytes(Csv(data));
            var name = data["component_name"]?.GetValue<string>() ?? "component_sizes";
            await FtrackJobs.AttachFileAsync(session, request.JobId, name, ".csv", csv, cancellationToken);
            data["description"] = "Finished. Click to download";
            await SaveAsync(request.JobId, data, "done", cancellationToken, describe: false);
            var projects = (data["project_data"] as JsonObject ?? []).Count;
            Log.Finished(logger, request.JobId, projects);
            return Unit.Value;
        }

        private async Task SaveAsync(string jobId, JsonObject data, string status, CancellationToken cancellationToken, bool describe = true)
        {
            if (describe)
            {
                data["description"] = Description(data);
            }

            session.Update(FtrackEntityRef.Of(FtrackEntityTypes.Job, jobId), new Dictionary<string, object?> { ["status"] = status, ["data"] = data.ToJsonString() });
            await session.CommitAsync(cancellationToken);
        }

        /// <summary>The bytes of the project's components in the server and review locations, under its non-task contexts.</summary>
        private async Task<long> SizeAsync(string projectId, CancellationToken cancellationToken)
        {
            var contexts = (await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "object_type.name").Where(FtrackFilter.Is("project_id", projectId)), cancellationToken))
                .Where(c => !string.Equals(c.GetEntity("object_type")?.GetString("name"), "Task", StringComparison.Ordinal)).Select(c => c.Id).ToList();
            var versions = await FtrackAssets.VersionIdsUnderAsync(session, contexts, cancellationToken);
            long total = 0;
            foreach (var chunk in versions.Chunk(Chunk))
            {
                var components = await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.Component).Select("id", "size").Where(FtrackFilter.In("version_id", chunk)),
                    e => (e.Id, Size: FtrackValue.ReadInt64(e["size"]) ?? 0),
                    cancellationToken);
                if (components.Count == 0)
                {
                    continue;
                }

                var stored = (await session.QueryAsync(
                        FtrackQuery.From(FtrackEntityTypes.ComponentLocation).Select("id", "component_id")
                            .Where(FtrackFilter.In("component_id", [.. components.Select(c => c.Id)]).And(FtrackFilter.In("location_id", [.. Locations]))),
                        e => e.GetString("component_id") ?? "",
                        cancellationToken))
                    .ToHashSet(StringComparer.Ordinal);
                total += components.Where(c => stored.Contains(c.Id)).Sum(c => c.Size);
            }

            return total;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 8050, Level = LogLevel.Debug, Message = "Component sizes: job {JobId} is not running or does not track project {ProjectId}; skipped")]
            public static partial void NotRunning(ILogger logger, string jobId, string projectId);

            [LoggerMessage(EventId = 8051, Level = LogLevel.Information, Message = "Component sizes: job {JobId} finished for {Projects} projects")]
            public static partial void Finished(ILogger logger, string jobId, int projects);
        }
    }
}
