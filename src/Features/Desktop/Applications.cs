using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Desktop;

/// <summary>Opens the URI an AYON action answered with (<c>ayon-launcher://action?...</c>) in the AYON launcher, detached.</summary>
public interface IAyonLauncher
{
    /// <summary>Starts the AYON launcher on <paramref name="uri"/> and returns without waiting for it.</summary>
    Task OpenAsync(string uri, CancellationToken cancellationToken);
}

/// <summary>
/// The Applications action (U-01, Python origin <c>action_applications.py</c>): on one synced ftrack Task (not directly
/// under the project) of a project that exists in AYON with ftrack enabled, the menu offers the applications AYON's
/// <c>POST /api/actions/list</c> gives for the AYON task (<c>application.launch.*</c>), labelled by group and variant,
/// with absolute icon URLs; a click runs <c>POST /api/actions/execute</c> on the task and opens the returned
/// <c>ayon-launcher://</c> URI in the AYON launcher (<see cref="IAyonLauncher"/>).
/// <para>Synced means the ftrack task's <c>ayon_id</c> names an AYON task of the project (the original resolved the
/// folder path and the task name instead). Items advertise <c>ayon_app.&lt;process id&gt;|&lt;addon&gt;|&lt;version&gt;|&lt;action&gt;</c>,
/// so a click runs on the machine whose menu it came from.</para>
/// </summary>
public static class Applications
{
    /// <summary>The prefix of the application actions AYON lists.</summary>
    public const string LaunchPrefix = "application.launch.";

    /// <summary>The action; identifier and messages are the original's.</summary>
    public static readonly LocalAction Action = new("ayon_app", "Application action",
        ElsewhereMessage: "There are running more AYON processes where Application can be launched.");

    /// <summary>The menu opened on one task, or a click on one of the offered applications.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step, string TaskId) : ILocalActionCommand;

    /// <summary>Where the ftrack task is in AYON.</summary>
    public sealed record TaskContext(string Project, string TaskId, string TaskType);

    /// <summary>The parts of a clicked item's identifier.</summary>
    public sealed record LaunchTarget(string AddonName, string AddonVersion, string ActionIdentifier);

    /// <summary>Discovers and launches whose selection is exactly one <c>task</c>-typed entity.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var selection = EventProject.Selection(e);
        return Action.StepOf(e) is { } step && selection.Count == 1 && string.Equals(selection[0].EntityType, "task", StringComparison.OrdinalIgnoreCase)
            ? new Command(e, step, selection[0].EntityId)
            : null;
    }

    /// <summary>
    /// The menu items for the listed <paramref name="actions"/>: the <c>application.launch.*</c> ones, labelled by their
    /// group with the action's label as variant (or by the label alone when there is no group), icons of type <c>url</c>
    /// made absolute against <paramref name="ayonServer"/>.
    /// </summary>
    public static IReadOnlyList<JsonObject> Items(IEnumerable<AyonActionManifest> actions, string processId, Uri ayonServer)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(ayonServer);
        var items = new List<JsonObject>();
        foreach (var action in actions.Where(a => a.Identifier.StartsWith(LaunchPrefix, StringComparison.Ordinal)))
        {
            var (label, variant) = string.IsNullOrEmpty(action.GroupLabel)
                ? (string.IsNullOrEmpty(action.Label) ? action.Identifier : action.Label, null)
                : (action.GroupLabel, action.Label);
            items.Add(new JsonObject
            {
                ["label"] = label,
                ["variant"] = variant,
                ["description"] = null,
                ["actionIdentifier"] = string.Join('|', Action.IdentifierFor(processId), action.AddonName ?? "", action.AddonVersion ?? "", action.Identifier),
                ["icon"] = IconUrl(action.Icon, ayonServer),
            });
        }

        return items;
    }

    /// <summary>An icon's URL for ftrack: only <c>url</c> icons; a server-relative one made absolute.</summary>
    public static string? IconUrl(AyonActionIcon? icon, Uri ayonServer)
    {
        ArgumentNullException.ThrowIfNull(ayonServer);
        if (icon is not { Type: "url", Url: { Length: > 0 } url })
        {
            return null;
        }

        return url.StartsWith('/') ? $"{ayonServer.GetLeftPart(UriPartial.Authority)}{ayonServer.AbsolutePath.TrimEnd('/')}/{url.TrimStart('/')}" : url;
    }

    /// <summary>The addon, version and AYON action of a clicked item's identifier; null when it is not one of ours.</summary>
    public static LaunchTarget? TargetOf(string? actionIdentifier)
    {
        var parts = (actionIdentifier ?? "").Split('|');
        return parts.Length >= 4 && parts[1].Length > 0 && parts[2].Length > 0 && parts[3].Length > 0
            ? new LaunchTarget(parts[1], parts[2], string.Join('|', parts[3..]))
            : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.TaskId).NotEmpty().WithMessage("the selected task has no entityId");
    }

    internal sealed class Handler(LocalActionRuntime actions, FtrackSession ftrack, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IAyonLauncher launcher)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (request.Step == LocalActionStep.Discover)
            {
                await actions.DiscoverAsync(Action, request.Event, async ct =>
                {
                    if (await ResolveAsync(request.TaskId, checkSettings: true, ct) is not { } task)
                    {
                        return [];
                    }

                    var options = ayonOptions.Value;
                    var listed = await ayon.ListActionsAsync(new AyonActionContext(task.Project, "task", [task.TaskId], [task.TaskType]), "simple", options.Variant, ct);
                    return Items(listed.Actions ?? [], actions.ProcessId, options.ServerUrl!);
                }, cancellationToken);
            }
            else
            {
                await actions.LaunchAsync(Action, request.Event, LaunchAsync, cancellationToken);
            }

            return Unit.Value;

            async Task<ActionResult> LaunchAsync(CancellationToken ct)
            {
                var target = TargetOf(ActionEvents.Identifier(request.Event))
                    ?? throw new PermanentFailureException("the clicked item names no addon, version and application");
                var task = await ResolveAsync(request.TaskId, checkSettings: false, ct)
                    ?? throw new PermanentFailureException("the task is not synchronised with AYON");
                var options = ayonOptions.Value;
                var result = await ayon.ExecuteActionAsync(new AyonActionContext(task.Project, "task", [task.TaskId]),
                    target.AddonName, target.AddonVersion, target.ActionIdentifier, options.Variant, options.ServerUrl!.GetLeftPart(UriPartial.Authority), ct);
                if (result.Type != AyonActionResult.LauncherType || result.Uri is not { Length: > 0 } uri)
                {
                    return ActionResult.Message(false, "Not launched. Unknown action type.");
                }

                await launcher.OpenAsync(uri, ct);
                return ActionResult.Message(true, "Application launched");
            }
        }

        /// <summary>The AYON task of the ftrack task; null when it is not a synced Task under a folder of an AYON project (with ftrack on).</summary>
        private async Task<TaskContext?> ResolveAsync(string ftrackTaskId, bool checkSettings, CancellationToken cancellationToken)
        {
            var task = await ftrack.QueryFirstAsync(
                FtrackQuery.From("Task").Select("id", "parent_id", "project_id", "project.full_name").Where(FtrackFilter.Is("id", ftrackTaskId)), cancellationToken);
            var project = task?.GetEntity("project")?.GetString("full_name");
            if (task is null || project is null || task.GetString("parent_id") == task.GetString("project_id"))
            {
                return null;
            }

            if (await AyonIdAsync(ftrackTaskId, cancellationToken) is not { } ayonTaskId)
            {
                return null;
            }

            using (var response = await ayon.GetProjectAsync(project, cancellationToken))
            {
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }
            }

            if (checkSettings && !FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions.Value, project, cancellationToken)).Enabled)
            {
                return null;
            }

            using var ayonTask = await ayon.GetTaskAsync(project, ayonTaskId, cancellationToken);
            return ayonTask.IsSuccessStatusCode && ayonTask.Content is { } t ? new TaskContext(project, t.Id, t.TaskType) : null;
        }

        /// <summary>The ftrack entity's own <c>ayon_id</c> value; null when empty or missing.</summary>
        private async Task<string?> AyonIdAsync(string entityId, CancellationToken cancellationToken)
        {
            var configurations = await ftrack.QueryAsync(
                FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key").Where(FtrackFilter.Is("key", "ayon_id")), e => e.Id, cancellationToken);
            if (configurations.Count == 0)
            {
                return null;
            }

            var values = await ftrack.QueryAsync(
                FtrackQuery.From("CustomAttributeValue").Select("value", "entity_id", "configuration_id")
                    .Where(FtrackFilter.In("configuration_id", configurations).And(FtrackFilter.Is("entity_id", entityId))),
                cancellationToken);
            return values.Select(v => v.GetString("value")).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        }
    }
}
