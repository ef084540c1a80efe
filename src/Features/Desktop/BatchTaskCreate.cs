using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Batch Task Create" (Python origin: <c>event_handlers_user/action_batch_task_creation.py</c>, U-02): offered on
/// folders (shots, sequences, ...), never on versions, projects or review sessions. The first form asks how many tasks,
/// the second a type and a name per task; the submission creates, under every selected folder, each task that does not
/// exist yet (same name and type), named after its type in lower case when no name is given, under an ftrack Job.
/// Fixes against the original: the tasks are read from the submitted <c>task_&lt;n&gt;_typeid</c> keys (the original
/// counted half the submitted values, §7), a task without a type, a bad count or a selected Task is a readable refusal
/// before anything is written, and the reply says how many tasks were created.
/// </summary>
public static class BatchTaskCreate
{
    /// <summary>The action as ftrack shows it; identifier, label and icon are the original's (it has no settings).</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.batch-tasks", "Batch Task Create"), IconFile: "BatchTasks.svg");

    /// <summary>The first form's field.</summary>
    public const string CountKey = "number_of_tasks";

    /// <summary>The most tasks one submission may ask for.</summary>
    public const int MaxTasks = 50;

    /// <summary>The menu opened, or a click (or form submission) on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.batch-tasks.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when only contexts (the web UI's <c>task</c> type) are selected: never versions, projects, review sessions or lists.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count > 0 && selection.All(s => EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.TypedContext);
    }

    /// <summary>The first form: how many tasks (2 by default, as the original).</summary>
    public static ActionResult CountForm() => ActionResult.Form(
        [new JsonObject { ["label"] = "Number of tasks", ["type"] = "number", ["name"] = CountKey, ["value"] = 2 }], "Batch Task Create");

    /// <summary>The second form: per task a type (of <paramref name="types"/>, id and name) and a name.</summary>
    public static ActionResult TasksForm(int count, IReadOnlyList<(string Id, string Name)> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var options = types.Select(t => (JsonNode?)new JsonObject { ["label"] = t.Name, ["value"] = t.Id }).ToList();
        var items = new List<JsonObject>();
        for (var index = 0; index < count; index++)
        {
            items.Add(new JsonObject { ["value"] = $"##Template for Task{index}##", ["type"] = "label" });
            items.Add(new JsonObject { ["label"] = "Type", ["type"] = "enumerator", ["name"] = $"task_{index}_typeid", ["data"] = new JsonArray([.. options.Select(o => o?.DeepClone())]) });
            items.Add(new JsonObject { ["label"] = "Name", ["type"] = "text", ["name"] = $"task_{index}_name" });
        }

        return ActionResult.Form(items, "Batch Task Create");
    }

    /// <summary>The number the first form submitted, or a refusal naming the accepted range.</summary>
    public static (int? Count, string? Refusal) ReadCount(JsonNode? value)
    {
        var text = value switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim(),
            _ => "",
        };
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= MaxTasks && number == Math.Floor(number)
            ? ((int)number, null)
            : (null, $"The number of tasks must be a whole number from 1 to {MaxTasks}; \"{text}\" is not.");
    }

    /// <summary>One task to ensure: its type and its name.</summary>
    public sealed record TaskRequest(string TypeId, string TypeName, string Name);

    /// <summary>
    /// The tasks of the second form, in index order, read from its <c>task_&lt;n&gt;_typeid</c> keys; a name left empty is
    /// the type's name in lower case. A refusal when a task has no or an unknown type, or when there is no task at all.
    /// </summary>
    public static (IReadOnlyList<TaskRequest> Tasks, string? Refusal) ReadTasks(JsonObject values, IReadOnlyList<(string Id, string Name)> types)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(types);
        var indexes = values.Select(p => p.Key).Where(k => k.StartsWith("task_", StringComparison.Ordinal) && k.EndsWith("_typeid", StringComparison.Ordinal))
            .Select(k => int.TryParse(k["task_".Length..^"_typeid".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0).Order().ToList();
        if (indexes.Count == 0)
        {
            return ([], "No task was filled in; nothing was created.");
        }

        var tasks = new List<TaskRequest>();
        foreach (var index in indexes)
        {
            var typeId = Text(values, $"task_{index}_typeid");
            if (types.FirstOrDefault(t => t.Id == typeId) is not { Id: not null } type)
            {
                return ([], $"Task {index + 1} has no task type chosen; nothing was created.");
            }

            var name = Text(values, $"task_{index}_name")?.Trim();
            tasks.Add(new TaskRequest(type.Id, type.Name, string.IsNullOrEmpty(name) ? type.Name.ToLowerInvariant() : name));
        }

        return (tasks, null);
    }

    /// <summary>The action's I/O: ftrack's task types, the selected folders and their tasks.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!Applies(selection))
            {
                return ActionResult.Message(false, "Select only folders (shots, sequences, asset builds, ...) to create tasks under; nothing was created.");
            }

            var values = ActionEvents.Values(e);
            if (values is null or { Count: 0 })
            {
                return CountForm();
            }

            var types = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Type).Select("id", "name"), t => (t.Id, Name: t.GetString("name") ?? ""), cancellationToken);
            if (values.ContainsKey(CountKey))
            {
                var (count, refusal) = ReadCount(values[CountKey]);
                return count is { } n ? TasksForm(n, types) : ActionResult.Message(false, refusal!);
            }

            var (tasks, problem) = ReadTasks(values, types);
            if (problem is not null)
            {
                return ActionResult.Message(false, problem);
            }

            var parents = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "name", "project_id").Where(FtrackFilter.In("id", selection.Select(s => s.EntityId))),
                entity => entity, cancellationToken);
            if (parents.Where(p => p.EntityType == FtrackEntityTypes.Task).Select(p => p.GetString("name")).ToList() is { Count: > 0 } selectedTasks)
            {
                return ActionResult.Message(false, $"Tasks can't hold tasks: {string.Join(", ", selectedTasks)} selected; nothing was created.");
            }

            return await runtime.RunJobAsync(e, "Batch Task Create", async ct =>
            {
                var existing = await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.Task).Select("id", "name", "type_id", "parent_id").Where(FtrackFilter.In("parent_id", parents.Select(p => p.Id))),
                    t => (Name: t.GetString("name") ?? "", TypeId: t.GetString("type_id") ?? "", ParentId: t.GetString("parent_id") ?? ""), ct);
                var created = 0;
                var kept = 0;
                foreach (var parent in parents)
                {
                    foreach (var task in tasks)
                    {
                        if (existing.Any(x => x.ParentId == parent.Id && x.TypeId == task.TypeId && x.Name == task.Name))
                        {
                            kept++;
                            continue;
                        }

                        session.Create(FtrackEntityTypes.Task, new Dictionary<string, object?>
                        {
                            ["name"] = task.Name,
                            ["type_id"] = task.TypeId,
                            ["parent_id"] = parent.Id,
                            ["project_id"] = parent.GetString("project_id"),
                        });
                        created++;
                    }
                }

                await session.CommitAsync(ct);
                var text = $"{created} task(s) created, {kept} already existed.";
                return new JobOutcome(ActionResult.Message(true, $"Action completed successfully: {text}"), $"Batch Task Create: {text}");
            }, cancellationToken);
        }
    }

    private static string? Text(JsonObject values, string key) =>
        values[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
