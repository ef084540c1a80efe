using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;
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

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => ActionEvents.SingleProjectId(e) is not null) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>The preset choice that means AYON's primary preset.</summary>
    public const string DefaultPreset = "__default__";

    /// <summary>Project attributes the form never shows.</summary>
    public static readonly IReadOnlySet<string> HiddenAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ftrackId", "ftrackPath", "startDate", "endDate", "description",
    };

    /// <summary>One step of the wizard: <see cref="Values"/> are the submitted form's values (null on the click).</summary>
    public sealed record LaunchCommand(FtrackEvent Event, string ProjectId, JsonObject? Values) : IActionLaunch;

    /// <summary>What the name step decided.</summary>
    /// <param name="Reply">A form or a final message to reply; null to go on.</param>
    /// <param name="NewFullName">The ftrack project's new full name, when the user renamed it.</param>
    /// <param name="NewCode">The ftrack project's new code (<c>name</c>), when the user renamed it.</param>
    public sealed record NameStep(ActionResult? Reply, string? NewFullName, string? NewCode);

    /// <summary>An AYON user as the access-group clean-up sees it.</summary>
    public sealed record AyonUserRoles(string Name, string? Email, bool IsAdmin, bool IsManager, bool IsService);

    /// <summary>Launches (clicks and form submissions) of this action on a single project.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ActionEvents.SingleProjectId(e) is { } projectId ? new LaunchCommand(e, projectId, ActionEvents.Values(e)) : null;
    }

    internal sealed partial class LaunchHandler(
        ActionRuntime actions, FtrackSession session, IAyonApi ayon, IFtrackEventHub hub, FtrackConnection connection, IOptions<AyonOptions> ayonOptions, ILogger<LaunchHandler> logger)
        : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand request, CancellationToken cancellationToken)
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

            // By hand, not Mapster: the processor loads it only for integrators' handlers (~15 MB, issue 15); five fields.
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
            var mapping = AttributeRules.BuildMapping(ftrack, (await ayon.GetAttributesAsync(cancellationToken)).Attributes, settings.CustomAttributes.AttributesMapping);
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
