using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Common.Actions;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>
/// "AYON Admin - Prepare Project for AYON" (Python origin: <c>action_prepare_project.py</c>, P-05): offered on a single
/// selected project to users with a role of <c>service_event_handlers.prepare_project.role_list</c>. A wizard:
/// <list type="number">
/// <item>an invalid project name or code (not its AYON slug) asks to skip or to rename the ftrack project;</item>
/// <item>an AYON project with the same name or code ends the wizard ("already exists");</item>
/// <item>the anatomy preset and the auto-sync switch;</item>
/// <item>the project attributes, pre-filled from the preset (else the attribute defaults).</item>
/// </list>
/// Then it ensures the mandatory ftrack custom attributes (<see cref="MandatoryAttributes"/>: missing ones created, differing
/// ones updated, with the security roles of the studio settings; a refusal by ftrack ends the wizard with a report naming
/// the attribute), creates the AYON project (name = ftrack full name, code = ftrack name) with the preset and the attributes,
/// clears the access groups of artists without a role on a private ftrack project, writes the project attributes and
/// <c>auto_sync_enabled</c> back to ftrack, and launches "Sync to AYON" as the service user unless this action just
/// turned auto-sync on (then the attribute change starts the sync). Fixes against the original (§7): the access-group
/// clean-up keeps the artists who DO have a role on the private project (the original's inverted filter cleaned every
/// artist), and the role lookup joins <c>UserSecurityRoleProject.user_security_role_id</c> to <c>UserSecurityRole.id</c>
/// (the original compared it with <c>security_role_id</c>); and when auto-sync was already on, the sync is launched
/// too (the original launched nothing, since no attribute changed).
/// </summary>
public static partial class PrepareProject
{
    /// <summary>The action as ftrack shows it; identifier, label, variant and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        "ayon.prepare.project.server",
        "AYON Admin",
        "- Prepare Project for AYON",
        "Set basic attributes on the project",
        SettingsKey: "prepare_project");

    /// <summary>The preset choice that means AYON's primary preset.</summary>
    public const string DefaultPreset = "__default__";

    /// <summary>Project attributes the form never shows.</summary>
    public static readonly IReadOnlySet<string> HiddenAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ftrackId", "ftrackPath", "startDate", "endDate", "description",
    };

    /// <summary>Offer the action on a single selected project.</summary>
    public sealed record DiscoverCommand(FtrackEvent Event) : ICommand;

    /// <summary>One step of the wizard: <see cref="Values"/> are the submitted form's values (null on the click).</summary>
    public sealed record LaunchCommand(FtrackEvent Event, string ProjectId, JsonObject? Values) : ICommand;

    /// <summary>What the name step decided.</summary>
    /// <param name="Reply">A form or a final message to reply; null to go on.</param>
    /// <param name="NewFullName">The ftrack project's new full name, when the user renamed it.</param>
    /// <param name="NewCode">The ftrack project's new code (<c>name</c>), when the user renamed it.</param>
    public sealed record NameStep(ActionResult? Reply, string? NewFullName, string? NewCode);

    /// <summary>An AYON user as the access-group clean-up sees it.</summary>
    public sealed record AyonUserRoles(string Name, string? Email, bool IsAdmin, bool IsManager, bool IsService);

    /// <summary>Discovers with a single selected project.</summary>
    public static DiscoverCommand? Discover(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ServerAction.IsDiscover(e) && ActionEvents.SingleProjectId(e) is not null ? new DiscoverCommand(e) : null;
    }

    /// <summary>Launches (clicks and form submissions) of this action on a single project.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Action.IsLaunch(e) && ActionEvents.SingleProjectId(e) is { } projectId ? new LaunchCommand(e, projectId, ActionEvents.Values(e)) : null;
    }

    /// <summary>
    /// Step 1: nothing to do when name and code are their own slugs; otherwise the rename form (on the click, or again
    /// with the entered values when they are still invalid), a failure when the user chose to skip, or the new names.
    /// </summary>
    public static NameStep DecideName(string fullName, string code, JsonObject? values)
    {
        var nameHint = SyncConventions.Slugify(fullName) is var n && n != fullName ? n : null;
        var codeHint = SyncConventions.Slugify(code) is var c && c != code ? c : null;
        if (nameHint is null && codeHint is null)
        {
            return new NameStep(null, null, null);
        }

        if (values is null || values.Count == 0)
        {
            return new NameStep(RenameForm(fullName, code, nameHint, codeHint, null, null), null, null);
        }

        if (Str(values, "invalid_name_action") is null or "skip_prep")
        {
            return new NameStep(ActionResult.Message(false, "Project was <b>not</b> prepared in AYON."), null, null);
        }

        var newName = Str(values, "new_project_name");
        var newCode = Str(values, "new_project_code");
        var nameValid = newName is null ? nameHint is null : SyncConventions.Slugify(newName) == newName && newName.Length > 0;
        var codeValid = newCode is null ? codeHint is null : SyncConventions.Slugify(newCode) == newCode && newCode.Length > 0;
        return nameValid && codeValid
            ? new NameStep(null, newName, newCode)
            : new NameStep(RenameForm(fullName, code, nameHint, codeHint, newName, newCode), null, null);
    }

    /// <summary>Step 2: the "already exists" reply when AYON has a project with the same name or code; else null.</summary>
    public static ActionResult? DecideExisting(string fullName, string code, IEnumerable<ProjectListItem> ayonProjects)
    {
        ArgumentNullException.ThrowIfNull(ayonProjects);
        var projects = ayonProjects.ToList();
        var clash = projects.Any(p => p.Name == fullName) ? $"name '{fullName}'"
            : projects.Any(p => p.Code == code) ? $"code '{code}'"
            : null;
        return clash is null ? null : ActionResult.Message(true, $"Project {clash} already exists in AYON.");
    }

    /// <summary>Step 3: the preset and auto-sync form. <paramref name="autoSync"/> null (no attribute in ftrack) hides the switch as off.</summary>
    public static ActionResult PresetForm(IReadOnlyList<AnatomyPresetItem> presets, bool? autoSync)
    {
        ArgumentNullException.ThrowIfNull(presets);
        var primary = presets.FirstOrDefault(p => p.Primary)?.Name ?? DefaultPreset;
        List<JsonObject> items =
        [
            new() { ["type"] = "hidden", ["name"] = "in_attribute_set", ["value"] = false },
            new() { ["type"] = "label", ["value"] = "### Choose Anatomy Preset" },
            new()
            {
                ["label"] = "AYON Anatomy Preset",
                ["type"] = "enumerator",
                ["name"] = "anatomy_preset",
                ["data"] = new JsonArray([new JsonObject { ["label"] = "Default", ["value"] = DefaultPreset }, .. presets.Select(p => (JsonNode)new JsonObject { ["label"] = p.Name, ["value"] = p.Name })]),
                ["value"] = primary,
            },
            autoSync is { } on
                ? new() { ["label"] = "Enable auto-sync", ["type"] = "boolean", ["name"] = "auto_sync_project", ["value"] = on }
                : new() { ["type"] = "hidden", ["name"] = "auto_sync_project", ["value"] = false },
        ];
        return ActionResult.Form(items, "Choose AYON Anatomy Preset", "Continue");
    }

    /// <summary>
    /// Step 4: the attribute form: every project attribute but <see cref="HiddenAttributes"/>, pre-filled from the
    /// preset's attributes (else the attribute's default); lists of strings as one checkbox per enum item plus a hidden
    /// <c>attr_list_&lt;name&gt;</c> map; lists of integers skipped; other types listed as unknown.
    /// </summary>
    public static ActionResult AttributeForm(JsonObject values, JsonObject presetAttributes, IEnumerable<AttributeModel> attributes, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(presetAttributes);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(newId);
        List<JsonObject> items =
        [
            new() { ["type"] = "hidden", ["name"] = "in_attribute_set", ["value"] = true },
            new() { ["type"] = "hidden", ["name"] = "anatomy_preset", ["value"] = values["anatomy_preset"]?.DeepClone() },
            new() { ["type"] = "hidden", ["name"] = "auto_sync_project", ["value"] = values["auto_sync_project"]?.DeepClone() },
            new() { ["type"] = "label", ["value"] = "<b>You can validate or change your default project attributes.</b>" },
        ];
        var lists = new List<JsonObject>();
        var unknown = new List<JsonObject>();
        foreach (var attribute in attributes.Where(a => a.Scope.Contains("project") && !HiddenAttributes.Contains(a.Name)))
        {
            var title = string.IsNullOrEmpty(attribute.Data.Title) ? attribute.Name : attribute.Data.Title;
            var value = presetAttributes[attribute.Name]?.DeepClone() ?? attribute.Data.Default?.DeepClone();
            var kind = attribute.Data.Type switch
            {
                "float" or "integer" => "number",
                "datetime" => "date",
                "boolean" => "boolean",
                "string" => "text",
                _ => null,
            };
            if (attribute.Data.Type == "list_of_integers")
            {
                continue;
            }

            if (attribute.Data.Type == "list_of_strings")
            {
                lists.AddRange(ListItems(attribute.Name, title, EnumItems(attribute), value as JsonArray, newId));
            }
            else if (kind is null)
            {
                unknown.Add(new JsonObject { ["type"] = "label", ["value"] = $"{attribute.Name}: {attribute.Data.Type}" });
            }
            else
            {
                items.Add(new JsonObject { ["name"] = $"attr_{attribute.Name}", ["label"] = title, ["value"] = value, ["type"] = kind });
            }
        }

        items.AddRange(lists);
        if (unknown.Count > 0)
        {
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "Unknown types" });
            items.AddRange(unknown);
        }

        return ActionResult.Form(items, "Default project attributes", "Confirm");
    }

    /// <summary>The attributes the user confirmed: <c>attr_&lt;name&gt;</c> values, and for <c>attr_list_&lt;name&gt;</c> the values whose checkbox is on.</summary>
    public static JsonObject CollectAttributes(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attributes = new JsonObject();
        foreach (var (key, value) in values)
        {
            if (key.StartsWith("attr_list_", StringComparison.Ordinal))
            {
                var mapping = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonNode.Parse(v.GetValue<string>()) as JsonObject : value as JsonObject;
                attributes[key["attr_list_".Length..]] = new JsonArray([.. (mapping ?? []).Where(m => IsOn(values[m.Key])).Select(m => m.Value?.DeepClone())]);
            }
            else if (key.StartsWith("attr_", StringComparison.Ordinal))
            {
                attributes[key["attr_".Length..]] = value?.DeepClone();
            }
        }

        return attributes;
    }

    /// <summary>
    /// The AYON users whose access groups on a private project are cleared: artists (not admin, manager or service)
    /// except those mapped (e-mail, then login) to a ftrack user with a role on the project. A public project clears
    /// nobody. This is the original's intent; its filter was inverted and cleared every artist (§7).
    /// </summary>
    public static IReadOnlyList<string> UsersToClean(bool isPrivate, IReadOnlyList<AyonUserRoles> ayonUsers, IReadOnlyList<FtrackUserInfo> ftrackUsersWithProjectRole)
    {
        ArgumentNullException.ThrowIfNull(ayonUsers);
        ArgumentNullException.ThrowIfNull(ftrackUsersWithProjectRole);
        if (!isPrivate)
        {
            return [];
        }

        var artists = ayonUsers.Where(u => !u.IsAdmin && !u.IsManager && !u.IsService).ToList();
        var nodes = artists.Select(u => new UserNode { Name = u.Name, Attrib = new UserNodeAttrib { Email = u.Email } }).ToList();
        var keep = ProjectSyncPlanner.UserMapping(nodes, ftrackUsersWithProjectRole).Values.ToHashSet(StringComparer.Ordinal);
        return [.. artists.Select(u => u.Name).Where(name => !keep.Contains(name))];
    }

    /// <summary>Whether to launch "Sync to AYON" after the project was created: always, unless this action turned auto-sync from off to on (that change starts the sync).</summary>
    public static bool LaunchSync(bool autoSyncChosen, bool autoSyncWasOn) => !autoSyncChosen || autoSyncWasOn;

    /// <summary>The truth of a form value (checkboxes send booleans; older clients strings).</summary>
    public static bool IsOn(JsonNode? value) => value is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => v.GetValue<string>().Trim() is "1" || string.Equals(v.GetValue<string>().Trim(), "true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Number => v.GetValue<double>() != 0,
        _ => false,
    };

    private static IEnumerable<JsonObject> ListItems(string name, string title, IReadOnlyList<(string Label, JsonNode? Value)> items, JsonArray? selected, Func<string> newId)
    {
        yield return new JsonObject { ["type"] = "label", ["value"] = "---" };
        yield return new JsonObject { ["type"] = "label", ["value"] = $"Attribute '{title}' selection:" };
        var mapping = new JsonObject();
        foreach (var (label, value) in items)
        {
            var id = newId();
            mapping[id] = value?.DeepClone();
            yield return new JsonObject
            {
                ["type"] = "boolean",
                ["label"] = label,
                ["name"] = id,
                ["value"] = selected?.Any(s => JsonNode.DeepEquals(s, value)) == true,
            };
        }

        yield return new JsonObject { ["type"] = "hidden", ["name"] = $"attr_list_{name}", ["value"] = mapping.ToJsonString() };
    }

    private static List<(string Label, JsonNode? Value)> EnumItems(AttributeModel attribute)
    {
        if (attribute.Data.Extra is null || !attribute.Data.Extra.TryGetValue("enum", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => (
            i.TryGetProperty("label", out var l) ? l.ToString() : i.GetProperty("value").ToString(),
            i.TryGetProperty("value", out var v) ? JsonNode.Parse(v.GetRawText()) : null))];
    }

    private static ActionResult RenameForm(string fullName, string code, string? nameHint, string? codeHint, string? newName, string? newCode)
    {
        var invalid = new List<string>();
        if (nameHint is not null)
        {
            invalid.Add("name");
        }

        if (codeHint is not null)
        {
            invalid.Add("code");
        }

        var keys = string.Join(" and ", invalid);
        var repeated = newName is not null || newCode is not null;
        var intro = $"Project {keys} contain{(invalid.Count > 1 ? "" : "s")} invalid characters. Only alphanumeric characters and underscore are allowed (a-Z0-9_)."
            + $"<br/><br/>- Project name: {fullName}<br/>- Project code: {code}";
        List<JsonObject> items =
        [
            new() { ["type"] = "label", ["value"] = "# Introduction" },
            new() { ["type"] = "label", ["value"] = (repeated ? "Entered values are <b>not valid</b>.<br/><br/>" : "") + intro },
            new() { ["type"] = "label", ["value"] = "---" },
            new() { ["type"] = "label", ["value"] = "# Choose action" },
            new()
            {
                ["type"] = "enumerator",
                ["label"] = "Action",
                ["name"] = "invalid_name_action",
                ["value"] = repeated ? "rename" : "skip_prep",
                ["data"] = new JsonArray(
                    new JsonObject { ["label"] = "Skip project preparation", ["value"] = "skip_prep" },
                    new JsonObject { ["label"] = "Rename project", ["value"] = "rename" }),
            },
            new() { ["type"] = "label", ["value"] = "---" },
            new() { ["type"] = "label", ["value"] = "# Rename" },
            new() { ["type"] = "label", ["value"] = "Ignore if \"<b>Skip project preparation</b>\" is selected." },
        ];
        AddField(items, "New project name", "new_project_name", nameHint, newName);
        AddField(items, "New project code", "new_project_code", codeHint, newCode);
        items.Add(new JsonObject { ["type"] = "label", ["value"] = "<br/><b>WARNING</b>: Rename action will change the project values in ftrack." });
        return ActionResult.Form(items, $"Invalid project {keys}", "Confirm");

        static void AddField(List<JsonObject> items, string label, string name, string? hint, string? entered)
        {
            if (hint is null)
            {
                return;
            }

            var suffix = entered is null ? "" : hint == entered ? " (valid)" : " (invalid)";
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "---" });
            items.Add(new JsonObject { ["type"] = "label", ["value"] = label + suffix });
            items.Add(new JsonObject { ["type"] = "text", ["name"] = name, ["value"] = hint });
        }
    }

    /// <summary>The report shown when the mandatory attributes could not be ensured: what failed, and how to fix the API key's permissions.</summary>
    public static IReadOnlyList<JsonObject> AttributesFailedReport(MandatoryAttributeException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return
        [
            new() { ["type"] = "label", ["value"] = "## Failed to create AYON mandatory custom attributes" },
            new() { ["type"] = "label", ["value"] = System.Net.WebUtility.HtmlEncode(error.Message) },
            new()
            {
                ["type"] = "label",
                ["value"] = "Synchronisation from ftrack to AYON needs the mandatory custom attributes. The ftrack API key of the services"
                    + " may lack the permission to create or change them.<br/><br/>Give it the 'Manage settings' permission, or use an"
                    + " administrator's API key for the services. The action 'AYON Admin - Create/Update custom attributes' creates them too.",
            },
        ];
    }

    private static string? Str(JsonObject values, string key) =>
        values[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal sealed class DiscoverValidator : AbstractValidator<DiscoverCommand>
    {
        public DiscoverValidator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the discover event has no source.id to reply to");
    }

    internal sealed class LaunchValidator : AbstractValidator<LaunchCommand>
    {
        public LaunchValidator()
        {
            RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the launch event has no source.id to reply to");
            RuleFor(c => c.ProjectId).NotEmpty();
        }
    }

    internal sealed class DiscoverHandler(ActionRuntime actions, IOptions<AyonOptions> ayonOptions) : IRequestHandler<DiscoverCommand, Unit>
    {
        public async Task<Unit> Handle(DiscoverCommand request, CancellationToken cancellationToken)
        {
            var action = Action with { Icon = ActionIcons.Url(ayonOptions.Value, ActionIcons.AyonAdmin) };
            await actions.DiscoverAsync(action, request.Event, _ => Task.FromResult(true), cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed partial class LaunchHandler(
        ActionRuntime actions, FtrackSession session, IAyonApi ayon, IFtrackEventHub hub, FtrackConnection connection, IOptions<AyonOptions> ayonOptions, ILogger<LaunchHandler> logger)
        : IRequestHandler<LaunchCommand, Unit>
    {
        public async Task<Unit> Handle(LaunchCommand request, CancellationToken cancellationToken)
        {
            await actions.LaunchAsync(Action, request.Event, ct => StepAsync(request, ct), cancellationToken);
            return Unit.Value;
        }

        private async Task<ActionResult> StepAsync(LaunchCommand request, CancellationToken cancellationToken)
        {
            var project = await session.QueryFirstAsync(
                FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "full_name", "name", "is_private").Where(FtrackFilter.Is("id", request.ProjectId)), cancellationToken);
            if (project?.GetString("full_name") is not { } fullName || project.GetString("name") is not { } code)
            {
                return ActionResult.Message(false, $"The ftrack project {request.ProjectId} does not exist.");
            }

            var values = request.Values;
            var name = DecideName(fullName, code, values);
            if (name.Reply is not null)
            {
                return name.Reply;
            }

            if (name.NewFullName is not null || name.NewCode is not null)
            {
                var changes = new Dictionary<string, object?>();
                if (name.NewFullName is not null)
                {
                    changes["full_name"] = fullName = name.NewFullName;
                }

                if (name.NewCode is not null)
                {
                    changes["name"] = code = name.NewCode;
                }

                session.Update(FtrackEntityRef.Of(FtrackEntityTypes.Project, request.ProjectId), changes);
                await session.CommitAsync(cancellationToken);
                Log.Renamed(logger, request.ProjectId, fullName, code);
                values = null;
            }

            var existing = DecideExisting(fullName, code, (await ayon.GetProjectsAsync(null, cancellationToken)).Projects);
            if (existing is not null)
            {
                return existing;
            }

            if (values is null || !values.ContainsKey("in_attribute_set"))
            {
                await actions.ShowMessageAsync(request.Event, true, "Preparing data... Please wait", cancellationToken);
                var autoSync = await AutoSyncAsync(request.ProjectId, cancellationToken);
                return PresetForm((await ayon.GetAnatomyPresetsAsync(cancellationToken)).Presets, autoSync.Configuration is null ? null : autoSync.Value ?? true);
            }

            if (!IsOn(values["in_attribute_set"]))
            {
                await actions.ShowMessageAsync(request.Event, true, "Preparing data... Please wait", cancellationToken);
                var preset = await PresetAsync(values, cancellationToken);
                var attributes = await ayon.GetAttributesAsync(cancellationToken);
                return AttributeForm(values, preset["attributes"] as JsonObject ?? [], attributes.Attributes, () => Guid.NewGuid().ToString("N"));
            }

            return await CreateAsync(request, fullName, code, project.GetBoolean("is_private") == true, values, cancellationToken);
        }

        private async Task<ActionResult> CreateAsync(LaunchCommand request, string fullName, string code, bool isPrivate, JsonObject values, CancellationToken cancellationToken)
        {
            var studioSettings = FtrackSettings.Parse(await ayon.GetServiceSettingsAsync(ayonOptions.Value, cancellationToken));
            MandatoryAttributes.Outcome ensured;
            try
            {
                ensured = await MandatoryAttributes.EnsureAsync(session, studioSettings.CustomAttributes, cancellationToken);
            }
            catch (MandatoryAttributeException ex)
            {
                Log.AttributesFailed(logger, ex.Key ?? FtrackCustomAttributeKeys.Group, ex);
                await actions.ShowInterfaceAsync(request.Event, AttributesFailedReport(ex), "Prepare Project report", null, cancellationToken);
                return ActionResult.Message(false, $"Failed to create AYON mandatory custom attributes in ftrack ({ex.Key ?? "group " + FtrackCustomAttributeKeys.Group}).");
            }

            if (ensured.UnknownRoles.Count > 0)
            {
                Log.UnknownRoles(logger, ensured.UnknownRoles);
            }

            if (ensured.Created.Count > 0 || ensured.Updated.Count > 0)
            {
                Log.AttributesEnsured(logger, ensured.Created, ensured.Updated);
            }

            var attributes = CollectAttributes(values);
            var toClean = await UsersToCleanAsync(request.ProjectId, isPrivate, cancellationToken);

            var anatomy = await PresetAsync(values, cancellationToken);
            var anatomyAttributes = anatomy["attributes"] as JsonObject ?? [];
            foreach (var (key, value) in attributes)
            {
                anatomyAttributes[key] = value?.DeepClone();
            }

            anatomy["attributes"] = anatomyAttributes;
            using (var deploy = await ayon.DeployProjectAsync(new DeployProjectRequest { Name = fullName, Code = code, Anatomy = anatomy }, cancellationToken))
            {
                if (!deploy.IsSuccessful)
                {
                    throw new SyncException($"AYON refused to create project '{fullName}' (code '{code}'): HTTP {(int?)deploy.StatusCode}.");
                }
            }

            if (attributes.Count > 0)
            {
                await ayon.PatchProjectAsync(fullName, new ProjectPatch { Attrib = attributes }, cancellationToken);
            }

            foreach (var user in toClean)
            {
                using var current = await ayon.GetUserAsync(user, cancellationToken);
                var groups = current.Content?.Data["accessGroups"]?.DeepClone() as JsonObject ?? [];
                groups[fullName] = new JsonArray();
                await ayon.PatchUserAsync(user, new UserPatch { Data = new JsonObject { ["accessGroups"] = groups } }, cancellationToken);
            }

            var autoSyncChosen = IsOn(values["auto_sync_project"]);
            var wasOn = await WriteBackAsync(request.ProjectId, fullName, autoSyncChosen, cancellationToken);
            var launched = LaunchSync(autoSyncChosen, wasOn);
            if (launched)
            {
                var apiUser = connection.Required.ApiUser;
                var user = await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username").Where(FtrackFilter.Is("username", apiUser)), cancellationToken);
                await hub.PublishAsync(SyncLaunch.Event(request.ProjectId, apiUser, user?.Id), cancellationToken);
            }

            Log.Prepared(logger, fullName, toClean.Count, launched);
            return ActionResult.Message(true, "Project created in AYON.");
        }

        private async Task<(string? Configuration, bool? Value)> AutoSyncAsync(string projectId, CancellationToken cancellationToken)
        {
            var configuration = await session.QueryFirstAsync(
                FtrackQuery.From("CustomAttributeConfiguration").Select("id").Where(FtrackFilter.Is("key", FtrackCustomAttributeKeys.AutoSyncEnabled)), cancellationToken);
            if (configuration is null)
            {
                return (null, null);
            }

            var value = await session.QueryFirstAsync(
                FtrackQuery.From("CustomAttributeValue").Select("value", "configuration_id", "entity_id")
                    .Where(FtrackFilter.Is("configuration_id", configuration.Id)).Where(FtrackFilter.Is("entity_id", projectId)),
                cancellationToken);
            return (configuration.Id, value?["value"] is { } v && v.GetValueKind() != JsonValueKind.Null ? SyncLaunch.IsOn(v) : null);
        }

        private async Task<JsonObject> PresetAsync(JsonObject values, CancellationToken cancellationToken)
        {
            var chosen = values["anatomy_preset"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : DefaultPreset;
            using var preset = await ayon.GetAnatomyPresetAsync(chosen == DefaultPreset ? "__primary__" : chosen, cancellationToken);
            return preset.IsSuccessful && preset.Content is { } content
                ? content
                : throw new SyncException($"AYON has no anatomy preset '{chosen}' (HTTP {(int?)preset.StatusCode}).");
        }

        private async Task<IReadOnlyList<string>> UsersToCleanAsync(string projectId, bool isPrivate, CancellationToken cancellationToken)
        {
            if (!isPrivate)
            {
                return [];
            }

            var ayonUsers = (await ayon.ListUsersAsync(new UserFilter(), cancellationToken))
                .Select(u => new AyonUserRoles(u.Name, u.Attrib.Email, u.IsAdmin, u.IsManager, u.IsService))
                .ToList();
            var projectRoles = await session.QueryAsync(
                FtrackQuery.From("UserSecurityRoleProject").Select("id", "user_security_role_id").Where(FtrackFilter.Is("project_id", projectId)), cancellationToken);
            var userRoleIds = projectRoles.Select(r => r.GetString("user_security_role_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var ftrackUsers = new List<FtrackUserInfo>();
            if (userRoleIds.Count > 0)
            {
                var userIds = (await session.QueryAsync(
                        FtrackQuery.From("UserSecurityRole").Select("id", "user_id").Where(FtrackFilter.In("id", userRoleIds)), cancellationToken))
                    .Select(r => r.GetString("user_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                if (userIds.Count > 0)
                {
                    ftrackUsers.AddRange(await session.QueryAsync(
                        FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username", "email").Where(FtrackFilter.In("id", userIds)),
                        e => new FtrackUserInfo(e.Id, e.GetString("username"), e.GetString("email")),
                        cancellationToken));
                }
            }

            return UsersToClean(true, ayonUsers, ftrackUsers);
        }

        /// <summary>
        /// Writes the AYON project's mapped attributes (lists only to multi-select enumerators, filtered to the values they
        /// offer) and the auto-sync choice to the ftrack project; returns whether auto-sync was on before.
        /// </summary>
        private async Task<bool> WriteBackAsync(string projectId, string fullName, bool autoSync, CancellationToken cancellationToken)
        {
            var ftrack = await ProjectSnapshots.LoadFtrackAsync(session, fullName, cancellationToken)
                ?? throw new SyncException($"ftrack project '{fullName}' does not exist.");
            var project = (await ayon.GetProjectAsync(fullName, cancellationToken)).Content
                ?? throw new SyncException($"AYON project '{fullName}' is missing right after it was created.");
            var settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions.Value, fullName, cancellationToken));
            var mapping = ProjectSyncPlanner.BuildMapping(ftrack, (await ayon.GetAttributesAsync(cancellationToken)).Attributes, settings.CustomAttributes.AttributesMapping);
            var writes = new List<FtrackBackWrite>();
            foreach (var (attribute, value) in project.Attrib)
            {
                if (value is null || HiddenAttributes.Contains(attribute) || !mapping.TryGetValue(attribute, out var entry)
                    || entry.ConfigurationFor("show", null) is not { } configuration)
                {
                    continue;
                }

                var wanted = value.DeepClone();
                if (value is JsonArray list)
                {
                    // A list goes only to a multi-select enumerator, keeping the values it offers; other attributes skip it.
                    var info = ftrack.Configurations.FirstOrDefault(c => c.Configuration.Id == configuration.Id);
                    if (info is null || info.TypeName != "enumerator" || !SyncConventions.IsMultiSelect(info.Config))
                    {
                        continue;
                    }

                    var offered = SyncConventions.EnumValues(info.Config);
                    wanted = new JsonArray([.. list.OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String && offered.Contains(v.GetValue<string>())).Select(v => (JsonNode?)v.DeepClone())]);
                }

                var current = ftrack.Values.GetValueOrDefault((configuration.Id, projectId));
                if (!SyncConventions.SameValue(current, wanted))
                {
                    writes.Add(new FtrackBackWrite(projectId, FtrackEntityTypes.Project, configuration.Id, configuration.Key, wanted));
                }
            }

            var wasOn = false;
            if (ftrack.Configurations.FirstOrDefault(c => c.Configuration.Key == FtrackCustomAttributeKeys.AutoSyncEnabled) is { } autoSyncConfiguration)
            {
                var current = ftrack.Values.GetValueOrDefault((autoSyncConfiguration.Configuration.Id, projectId));
                wasOn = SyncLaunch.IsOn(current);
                if (wasOn != autoSync)
                {
                    writes.Add(new FtrackBackWrite(projectId, FtrackEntityTypes.Project, autoSyncConfiguration.Configuration.Id, FtrackCustomAttributeKeys.AutoSyncEnabled, JsonValue.Create(autoSync)));
                }
            }

            await ProjectSync.WriteBackAsync(session, writes, 500, cancellationToken);
            return wasOn;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2050, Level = LogLevel.Information, Message = "Prepare Project renamed ftrack project {ProjectId} to {FullName} ({Code})")]
            public static partial void Renamed(ILogger logger, string projectId, string fullName, string code);

            [LoggerMessage(EventId = 2052, Level = LogLevel.Information, Message = "Prepare Project ensured the mandatory ftrack custom attributes: created [{Created}], updated [{Updated}]")]
            public static partial void AttributesEnsured(ILogger logger, IReadOnlyList<string> created, IReadOnlyList<string> updated);

            [LoggerMessage(EventId = 2054, Level = LogLevel.Warning, Message = "Prepare Project: the security roles {Roles} of custom_attributes.mandatory_attributes do not exist in ftrack and were left out")]
            public static partial void UnknownRoles(ILogger logger, IReadOnlyList<string> roles);

            [LoggerMessage(EventId = 2053, Level = LogLevel.Error, Message = "Prepare Project could not ensure the mandatory ftrack custom attribute {Key}")]
            public static partial void AttributesFailed(ILogger logger, string key, Exception exception);

            [LoggerMessage(EventId = 2051, Level = LogLevel.Information, Message = "Prepare Project created AYON project {Project}: {Cleaned} artists lost access, sync launched {Launched}")]
            public static partial void Prepared(ILogger logger, string project, int cleaned, bool launched);
        }
    }
}
