using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "AYON Admin - Create Daily Lists (Server)" (Python origin: <c>action_create_lists.py</c>, P-02): AssetVersion lists
/// of a day ("Dailies 241124") filled with the project's versions that pass the list's filters. The action offers one
/// checkbox per list of <c>create_daily_lists.lists</c> and creates the checked ones for the selection's project; the
/// automated run (topic <c>create.daily.lists.automated</c>, posted once a day by the processor's timer) creates the
/// lists with <c>cycle_enabled</c> in every project where ftrack and the action are enabled. A list of the same name and
/// category is reused and only gets the missing versions, so a second run adds nothing.
/// </summary>
public static partial class DailyLists
{
    /// <summary>The topic of the daily automated run.</summary>
    public const string AutomatedTopic = Topics.DailyListsAutomated;

    /// <summary>The action as ftrack shows it; identifier, label and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        "create.daily.lists", "AYON Admin", "- Create Daily Lists (Server)", SettingsKey: "create_daily_lists");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, Applies) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>The click (no values: the form) or the submission (the checked lists).</summary>
    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : IActionLaunch;

    /// <summary>The daily automated run.</summary>
    public sealed record AutomatedCommand(FtrackEvent Event) : ICommand;

    /// <summary>Launches of this action.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Applies(e) ? new LaunchCommand(e, ActionEvents.Values(e)) : null;
    }

    /// <summary>The automated run's event.</summary>
    public static AutomatedCommand? Automated(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Equals(e.Topic, AutomatedTopic, StringComparison.Ordinal) ? new AutomatedCommand(e) : null;
    }

    private static bool Applies(FtrackEvent e) =>
        EventProject.Selection(e).Any(s => s.EntityType.ToLowerInvariant() is "show" or "task" or "reviewsession" or "assetversion");

    /// <summary>The form: one checkbox per configured list (unchecked), the definitions in a hidden value.</summary>
    public static ActionResult Form(IReadOnlyList<DailyListItem> lists, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(newId);
        if (lists.Count == 0)
        {
            return ActionResult.Message(false, "There are no list presets in settings to create.");
        }

        var items = new List<JsonObject> { new() { ["type"] = "label", ["value"] = "# Select lists to create:" } };
        var definitions = new JsonArray();
        foreach (var list in lists)
        {
            var id = newId();
            var definition = JsonSerializer.SerializeToNode(list)!.AsObject();
            definition["id"] = id;
            definitions.Add(definition);
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "---" });
            items.Add(new JsonObject { ["type"] = "label", ["value"] = $"## {list.Category} - <b>{list.NameTemplate}</b>" });
            items.Add(new JsonObject { ["type"] = "boolean", ["name"] = id, ["value"] = false });
        }

        items.Add(new JsonObject { ["type"] = "hidden", ["name"] = "action_lists", ["value"] = definitions.ToJsonString() });
        return ActionResult.Form(items, title: "Create Lists", submitButtonLabel: "Confirm");
    }

    /// <summary>The lists the submission checked, from its hidden definitions; a malformed submission checks none.</summary>
    public static IReadOnlyList<DailyListItem> Checked(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values["action_lists"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text.GetValue<string>()) is JsonArray definitions
                ? [.. definitions.OfType<JsonObject>()
                    .Where(d => d["id"] is JsonValue id && values[id.ToString()] is JsonValue on && on.GetValueKind() == JsonValueKind.True)
                    .Select(d => d.Deserialize<DailyListItem>()).OfType<DailyListItem>()]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    internal sealed class AutomatedValidator : AbstractValidator<AutomatedCommand>
    {
        public AutomatedValidator() => RuleFor(c => c.Event.Topic).Equal(AutomatedTopic);
    }

    internal sealed class LaunchHandler(ProjectContexts scopes, FtrackSession session, TimeProvider time, ILoggerFactory loggers) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            if (await scopes.ForEventAsync(launch.Event, cancellationToken) is not { } scope)
            {
                return ActionResult.Message(false, "The selection is in no ftrack project.");
            }

            if (launch.Values is null || launch.Values.Count == 0)
            {
                return Form(scope.Typed.ServiceEventHandlers.CreateDailyLists.Lists, () => Guid.NewGuid().ToString("N"));
            }

            var creator = new DailyListCreator(session, time, loggers.CreateLogger<DailyListCreator>());
            var created = await creator.CreateAsync(scope.FtrackProjectId, scope.ProjectName, Checked(launch.Values), cancellationToken);
            return ActionResult.Message(true, $"Daily lists: {created} versions added.");
        }
    }

    internal sealed partial class AutomatedHandler(FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, TimeProvider time, ILoggerFactory loggers, ILogger<AutomatedHandler> logger)
        : IRequestHandler<AutomatedCommand, Unit>
    {
        public async Task<Unit> Handle(AutomatedCommand request, CancellationToken cancellationToken)
        {
            var ayonProjects = (await ayon.GetProjectsAsync(null, cancellationToken)).Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var projects = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "full_name"), e => (e.Id, Name: e.GetString("full_name") ?? ""), cancellationToken);
            var runs = 0;
            var creator = new DailyListCreator(session, time, loggers.CreateLogger<DailyListCreator>());
            foreach (var (id, name) in projects.Where(p => ayonProjects.Contains(p.Name)))
            {
                var settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions.Value, name, cancellationToken));
                var action = settings.ServiceEventHandlers.CreateDailyLists;
                var lists = action.Lists.Where(l => l.CycleEnabled).ToList();
                if (!settings.Enabled || !action.Enabled || lists.Count == 0)
                {
                    continue;
                }

                await creator.CreateAsync(id, name, lists, cancellationToken);
                runs++;
            }

            Log.AutomatedRun(logger, runs);
            return Unit.Value;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 8040, Level = LogLevel.Information, Message = "Daily lists: the automated run created the cycle lists of {Projects} projects")]
            public static partial void AutomatedRun(ILogger logger, int projects);
        }
    }
}

/// <summary>Creates the lists of one project for today (reads the candidates and values once for all lists).</summary>
public sealed partial class DailyListCreator(FtrackSession session, TimeProvider time, ILogger<DailyListCreator> logger)
{
    private const int Chunk = 200;

    /// <summary>Creates or fills <paramref name="lists"/> in the project; returns how many list items were added.</summary>
    public async Task<int> CreateAsync(string projectId, string projectName, IReadOnlyList<DailyListItem> lists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (lists.Count == 0)
        {
            return 0;
        }

        var first = await FtrackBatch.QueryAsync(session,
        [
            FtrackQuery.From(FtrackEntityTypes.Status).Select("id", "name"),
            FtrackQuery.From("ListCategory").Select("id", "name"),
            FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key", "default", "is_hierarchical", "entity_type"),
            FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "object_type.name").Where(FtrackFilter.Is("project_id", projectId)),
            FtrackQuery.From(FtrackEntityTypes.List).Select("id", "name", "category_id", "system_type").Where(FtrackFilter.Is("project_id", projectId)),
        ], cancellationToken);
        var statusIds = first[0].Where(s => s.GetString("name") is not null).GroupBy(s => s.GetString("name")!.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var categories = first[1].Where(c => c.GetString("name") is not null).GroupBy(c => c.GetString("name")!).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var attributes = first[2]
            .Where(c => c.GetBoolean("is_hierarchical") == true || string.Equals(c.GetString("entity_type"), "assetversion", StringComparison.OrdinalIgnoreCase))
            .Select(c => new DailyListAttributeConfiguration(c.Id, c.GetString("key") ?? "", c.GetBoolean("is_hierarchical") == true, c["default"]?.DeepClone()))
            .ToList();
        var contexts = first[3].Where(c => !string.Equals(c.GetEntity("object_type")?.GetString("name"), "Task", StringComparison.Ordinal)).Select(c => c.Id).ToList();
        var existing = first[4].Where(l => string.Equals(l.GetString("system_type"), "assetversion", StringComparison.OrdinalIgnoreCase)).ToList();

        var candidates = await CandidatesAsync(contexts, DailyListsDecide.CandidateStatuses(lists, statusIds), cancellationToken);
        var values = await ValuesAsync(lists, attributes, candidates, cancellationToken);
        var day = time.GetLocalNow().Date;
        var added = 0;
        foreach (var list in lists)
        {
            if (DailyListsDecide.FillName(list.NameTemplate, day) is not { } name)
            {
                Log.BadTemplate(logger, projectName, list.NameTemplate);
                continue;
            }

            if (!categories.TryGetValue(list.Category, out var categoryId))
            {
                Log.UnknownCategory(logger, projectName, list.Category);
                continue;
            }

            var members = DailyListsDecide.Members(list, candidates, statusIds, attributes, values);
            if (members.Count == 0)
            {
                continue;
            }

            var listId = existing.FirstOrDefault(l => l.GetString("name") == name && l.GetString("category_id") == categoryId)?.Id;
            var present = new HashSet<string>(StringComparer.Ordinal);
            if (listId is null)
            {
                listId = session.Create(FtrackEntityTypes.List, new Dictionary<string, object?>
                {
                    ["project_id"] = projectId, ["name"] = name, ["is_open"] = true, ["category_id"] = categoryId, ["system_type"] = "assetversion",
                }).Id;
            }
            else
            {
                present.UnionWith(await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.ListObject).Select("id", "entity_id").Where(FtrackFilter.Is("list_id", listId)), e => e.GetString("entity_id") ?? "", cancellationToken));
            }

            foreach (var member in members.Where(m => !present.Contains(m)))
            {
                session.Create(FtrackEntityTypes.ListObject, new Dictionary<string, object?> { ["list_id"] = listId, ["entity_id"] = member });
                added++;
            }

            await session.CommitAsync(cancellationToken);
            Log.Filled(logger, projectName, name, members.Count);
        }

        return added;
    }

    private async Task<List<DailyListVersion>> CandidatesAsync(IReadOnlyList<string> contexts, IReadOnlySet<string>? statuses, CancellationToken cancellationToken)
    {
        var assetIds = await FtrackAssets.AssetIdsUnderAsync(session, contexts, cancellationToken);

        var result = new List<DailyListVersion>();
        if (statuses is { Count: 0 })
        {
            return result;
        }

        foreach (var chunk in assetIds.Chunk(Chunk))
        {
            var filter = FtrackFilter.In("asset_id", chunk);
            if (statuses is not null)
            {
                filter = filter.And(FtrackFilter.In("status_id", [.. statuses]));
            }

            result.AddRange(await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "status_id", "link").Where(filter),
                e => new DailyListVersion(e.Id, e.GetString("status_id"), [.. (e.Link ?? []).Select(l => l.Id)]),
                cancellationToken));
        }

        return result;
    }

    private async Task<Dictionary<(string ConfigurationId, string EntityId), JsonNode?>> ValuesAsync(
        IReadOnlyList<DailyListItem> lists, IReadOnlyList<DailyListAttributeConfiguration> attributes, List<DailyListVersion> candidates, CancellationToken cancellationToken)
    {
        var keys = lists.SelectMany(l => l.Filters).SelectMany(f => f.CustomAttributes).Select(a => a.AttrName).ToHashSet(StringComparer.Ordinal);
        var configurationIds = attributes.Where(a => keys.Contains(a.Key)).Select(a => a.Id).ToList();
        var result = new Dictionary<(string, string), JsonNode?>();
        if (configurationIds.Count == 0 || candidates.Count == 0)
        {
            return result;
        }

        var entityIds = candidates.SelectMany(c => c.LinkIds.Append(c.Id)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in entityIds.Chunk(Chunk))
        {
            foreach (var row in await session.QueryAsync(FtrackCustomAttributeValue.Query(chunk, configurationIds), cancellationToken))
            {
                if (row.GetString("configuration_id") is { } conf && row.GetString("entity_id") is { } entity)
                {
                    result[(conf, entity)] = row["value"]?.DeepClone();
                }
            }
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8041, Level = LogLevel.Warning, Message = "Daily lists of {Project}: the name template '{Template}' cannot be filled; list skipped")]
        public static partial void BadTemplate(ILogger logger, string project, string template);

        [LoggerMessage(EventId = 8042, Level = LogLevel.Warning, Message = "Daily lists of {Project}: ftrack has no list category '{Category}'; list skipped")]
        public static partial void UnknownCategory(ILogger logger, string project, string category);

        [LoggerMessage(EventId = 8043, Level = LogLevel.Information, Message = "Daily lists of {Project}: list '{Name}' holds {Versions} versions")]
        public static partial void Filled(ILogger logger, string project, string name, int versions);
    }
}
