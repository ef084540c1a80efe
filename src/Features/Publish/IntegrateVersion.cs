using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-14 <c>IntegrateFtrackApi</c> (with PUB-13's <c>component_overwrite</c>): the instance's components become an
/// AssetType, an Asset under the task's parent (or the folder), an AssetVersion (comment, task, status from the
/// profile, <c>ayon_id</c>/<c>ayon_path</c>) and its components with their locations: <c>ftrack.server</c>
/// components are uploaded (<c>get_upload_metadata</c>, then the PUT) before the component and its
/// <c>ComponentLocation</c> are committed; <c>ftrack.unmanaged</c> components point at the files (a sequence as a
/// <c>SequenceComponent</c> with one member per frame). The thumbnail component becomes the version's thumbnail.
/// <para>Idempotent: everything is looked up first (asset by name, type and parent; version by number; component by
/// name on the version; metadata by key), so a second run of the same publish writes nothing. An existing component
/// is replaced only when <c>component_overwrite</c> is set (the <c>clip</c> family).</para>
/// <para>When it fails after the AssetVersion exists, a note on that version says the publish did not finish and
/// why, so a partial version is never silent; the error names the instance and what to fix.</para>
/// <para>The component and file writes are in <c>IntegrateVersionComponents.cs</c>.</para>
/// </summary>
public static partial class IntegrateVersion
{
    /// <summary>Runs the step for every instance with components.</summary>
    public static async Task<JsonObject> RunAsync(PublishInput input, FtrackSession session, string apiUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var result = new JsonArray();
        foreach (var instance in input.Instances)
        {
            result.Add(await IntegrateAsync(input, instance, session, apiUser, cancellationToken));
        }

        return new JsonObject { ["instances"] = result };
    }

    private static async Task<JsonObject> IntegrateAsync(PublishInput input, PublishInstance instance, FtrackSession session, string apiUser, CancellationToken cancellationToken)
    {
        var output = new JsonObject { ["label"] = instance.Label };
        if (instance.Components.Count == 0)
        {
            output["skipped"] = "the instance has no components for ftrack";
            return output;
        }

        var taskId = instance.FtrackTaskId ?? (instance.FtrackEntityId is null ? input.Context.FtrackTaskId : null);
        var task = taskId is null ? null : await session.GetAsync("Task", taskId, ["id", "name", "parent_id", "project_id"], cancellationToken)
            ?? throw new PublishStepException($"instance \"{instance.Label}\": ftrack task {taskId} no longer exists; publish again after the task is back (or pick another task)");
        var parentId = task?.GetString("parent_id") ?? instance.FtrackEntityId ?? input.Context.FtrackEntityId;
        if (parentId is null)
        {
            output["skipped"] = "the instance has no ftrack folder or task";
            return output;
        }

        var parent = await session.GetAsync("TypedContext", parentId, ["id", "name", "project_id"], cancellationToken)
            ?? throw new PublishStepException($"instance \"{instance.Label}\": ftrack entity {parentId} no longer exists; sync the folder to ftrack and publish again");
        var projectId = parent.GetString("project_id") ?? task?.GetString("project_id") ?? throw new PublishStepException($"instance \"{instance.Label}\": ftrack entity {parentId} has no project");

        var items = RenameImageReview(instance.Components);
        var assetTypes = await EnsureAssetTypesAsync(session, items, cancellationToken);
        var locations = await LocationsAsync(session, items, instance, cancellationToken);
        var statuses = items.Any(i => !string.IsNullOrEmpty(i.AssetVersionData.StatusName)) ? await TaskStatuses.LoadAsync(session, projectId, cancellationToken) : null;
        var configurations = await VersionAttributeConfigurationsAsync(session, items, cancellationToken);
        var versions = new JsonArray();
        var components = new JsonObject();
        string? lastVersionId = null;
        foreach (var group in items.GroupBy(i => (Asset: i.AssetData.Name ?? task?.GetString("name") ?? parent.GetString("name") ?? "", i.AssetTypeData.ShortName, i.AssetVersionData.Version)))
        {
            var first = group.First();
            var assetId = await EnsureAssetAsync(session, group.Key.Asset, assetTypes[group.Key.ShortName], parentId, cancellationToken);
            var versionId = await EnsureVersionAsync(session, assetId, first.AssetVersionData, task?.Id, statuses, configurations, instance, cancellationToken);
            lastVersionId = versionId;
            versions.Add(versionId);
            try
            {
                foreach (var item in group)
                {
                    components[$"{group.Key.Asset}/{item.ComponentData.Name}"] = await EnsureComponentAsync(session, versionId, item, locations[item.ComponentLocationName], instance, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is FtrackServerException or FtrackProtocolException or PublishStepException or IOException or UnauthorizedAccessException)
            {
                session.Rollback();
                var reason = ex is PublishStepException ? ex.Message : $"instance \"{instance.Label}\": {Describe(ex)}";
                await NoteUnfinishedAsync(session, versionId, instance, reason, apiUser, cancellationToken);
                throw new PublishStepException(reason + "; AssetVersion " + versionId + " was left with a note saying the publish did not finish; fix that and publish again (nothing is created twice)");
            }
        }

        output["ftrackAssetVersionIds"] = versions;
        output["components"] = components;
        output["versionAttributes"] = new JsonObject { ["ftrackId"] = lastVersionId };
        return output;
    }

    private static string Describe(Exception ex) => ex switch
    {
        FtrackProtocolException when ex.Message.Contains("upload", StringComparison.OrdinalIgnoreCase) =>
            $"{ex.Message} Check the ftrack server's storage and that the file is readable",
        IOException or UnauthorizedAccessException => $"a file could not be read ({ex.Message}); check the published files exist",
        _ => ex.Message,
    };

    /// <summary>PUB-14: a version with <c>ftrackreview-mp4</c> takes its <c>ftrackreview-image</c> as <c>thumbnail</c>.</summary>
    public static IReadOnlyList<ComponentItem> RenameImageReview(IReadOnlyList<ComponentItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var withMovie = items.Where(i => i.ComponentData.Name == "ftrackreview-mp4")
            .Select(i => (i.AssetData.Name, i.AssetVersionData.Version)).ToHashSet();
        return [.. items.Select(i => i.ComponentData.Name == "ftrackreview-image" && withMovie.Contains((i.AssetData.Name, i.AssetVersionData.Version))
            ? i with { ComponentData = i.ComponentData with { Name = "thumbnail" } }
            : i)];
    }

    private static async Task<Dictionary<string, string>> EnsureAssetTypesAsync(FtrackSession session, IReadOnlyList<ComponentItem> items, CancellationToken cancellationToken)
    {
        var existing = (await session.QueryAsync(FtrackQuery.From("AssetType").Select("id", "short"), cancellationToken))
            .Where(t => t.GetString("short") is not null)
            .GroupBy(t => t.GetString("short")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        foreach (var shortName in items.Select(i => i.AssetTypeData.ShortName).Distinct(StringComparer.Ordinal).Where(s => !existing.ContainsKey(s)))
        {
            existing[shortName] = session.Create("AssetType", new Dictionary<string, object?> { ["short"] = shortName, ["name"] = shortName }).Id;
        }

        await session.CommitAsync(cancellationToken);
        return existing;
    }

    private static async Task<Dictionary<string, string>> LocationsAsync(FtrackSession session, IReadOnlyList<ComponentItem> items, PublishInstance instance, CancellationToken cancellationToken)
    {
        var names = items.Select(i => i.ComponentLocationName).Distinct(StringComparer.Ordinal).ToList();
        var rows = await session.QueryAsync(FtrackQuery.From("Location").Select("id", "name").Where(FtrackFilter.In("name", names)), cancellationToken);
        var byName = rows.Where(r => r.GetString("name") is not null).ToDictionary(r => r.GetString("name")!, r => r.Id, StringComparer.Ordinal);
        if (names.FirstOrDefault(n => !byName.ContainsKey(n)) is { } missing)
        {
            throw new PublishStepException($"instance \"{instance.Label}\": ftrack has no location \"{missing}\"; set component_location_name to ftrack.server or ftrack.unmanaged");
        }

        return byName;
    }

    private static async Task<Dictionary<string, string>> VersionAttributeConfigurationsAsync(FtrackSession session, IReadOnlyList<ComponentItem> items, CancellationToken cancellationToken)
    {
        var keys = items.SelectMany(i => i.AssetVersionData.CustomAttributes.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "entity_type")
                .Where(FtrackFilter.All(FtrackFilter.In("key", keys), FtrackFilter.Is("entity_type", "assetversion"))),
            cancellationToken);
        return rows.Where(r => r.GetString("key") is not null).GroupBy(r => r.GetString("key")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
    }

    private static async Task<string> EnsureAssetAsync(FtrackSession session, string name, string typeId, string parentId, CancellationToken cancellationToken)
    {
        var asset = await session.QueryFirstAsync(
            FtrackQuery.From("Asset").Select("id").Where(FtrackFilter.All(FtrackFilter.Is("name", name), FtrackFilter.Is("type_id", typeId), FtrackFilter.Is("context_id", parentId))),
            cancellationToken);
        if (asset is not null)
        {
            return asset.Id;
        }

        var created = session.Create("Asset", new Dictionary<string, object?> { ["name"] = name, ["type_id"] = typeId, ["context_id"] = parentId });
        await session.CommitAsync(cancellationToken);
        return created.Id;
    }

    private static async Task<string> EnsureVersionAsync(
        FtrackSession session, string assetId, AssetVersionData data, string? taskId, TaskStatuses.ProjectStatuses? statuses,
        Dictionary<string, string> configurations, PublishInstance instance, CancellationToken cancellationToken)
    {
        var version = await session.QueryFirstAsync(
            FtrackQuery.From("AssetVersion").Select("id", "task_id", "comment", "status_id")
                .Where(FtrackFilter.All(FtrackFilter.Is("version", data.Version), FtrackFilter.Is("asset_id", assetId))),
            cancellationToken);
        FtrackEntityRef reference;
        string? currentStatus = null;
        if (version is null)
        {
            var values = new Dictionary<string, object?> { ["asset_id"] = assetId, ["version"] = data.Version };
            if (taskId is not null)
            {
                values["task_id"] = taskId;
            }

            if (data.Comment.Length > 0)
            {
                values["comment"] = data.Comment;
            }

            reference = session.Create("AssetVersion", values);
            await session.CommitAsync(cancellationToken);
            currentStatus = (await session.GetAsync("AssetVersion", reference.Id, ["status_id"], cancellationToken))?.GetString("status_id");
        }
        else
        {
            reference = version.Ref;
            currentStatus = version.GetString("status_id");
            var changes = new Dictionary<string, object?>();
            if ((version.GetString("comment") ?? "") != data.Comment)
            {
                changes["comment"] = data.Comment;
            }

            if (version.GetString("task_id") != taskId)
            {
                changes["task_id"] = taskId;
            }

            if (changes.Count > 0)
            {
                session.Update(reference, changes);
            }
        }

        if (!string.IsNullOrEmpty(data.StatusName) && statuses?.ForVersion(data.StatusName) is { } status && status.Id != currentStatus)
        {
            session.Update(reference, new Dictionary<string, object?> { ["status_id"] = status.Id });
        }

        var wanted = data.CustomAttributes.Where(a => configurations.ContainsKey(a.Key)).ToList();
        if (wanted.Count > 0)
        {
            var stored = await session.QueryAsync(
                FtrackQuery.From("CustomAttributeValue").Select("configuration_id", "value")
                    .Where(FtrackFilter.All(FtrackFilter.Is("entity_id", reference.Id), FtrackFilter.In("configuration_id", wanted.Select(w => configurations[w.Key])))),
                cancellationToken);
            foreach (var (key, value) in wanted)
            {
                if (stored.FirstOrDefault(s => s.GetString("configuration_id") == configurations[key])?.GetString("value") != value)
                {
                    session.SetCustomAttribute(reference, configurations[key], value);
                }
            }
        }

        try
        {
            await session.CommitAsync(cancellationToken);
        }
        catch (FtrackServerException ex)
        {
            throw new PublishStepException($"instance \"{instance.Label}\": ftrack refused the AssetVersion values ({ex.Message}); check the status profile and the ayon_id/ayon_path custom attributes");
        }

        return reference.Id;
    }

    private static async Task NoteUnfinishedAsync(FtrackSession session, string versionId, PublishInstance instance, string reason, string apiUser, CancellationToken cancellationToken)
    {
        try
        {
            var user = await session.QueryFirstAsync(FtrackQuery.From("User").Select("id").Where(FtrackFilter.Is("username", apiUser)), cancellationToken);
            session.Create("Note", new Dictionary<string, object?>
            {
                ["content"] = $"Publish did not finish: {reason}. Components of this version may be missing; publish \"{instance.Label}\" again to complete it.",
                ["parent_id"] = versionId,
                ["parent_type"] = "AssetVersion",
                ["user_id"] = user?.Id,
            });
            await session.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is FtrackServerException or FtrackProtocolException)
        {
            session.Rollback();
        }
    }
}
