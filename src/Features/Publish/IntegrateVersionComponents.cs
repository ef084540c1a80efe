using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// The components half of <see cref="IntegrateVersion"/>: each component on the version (looked up by name first,
/// replaced only under <c>component_overwrite</c>), its location (a file, or a sequence with one member per frame;
/// uploaded to <c>ftrack.server</c>, pointed at on disk for <c>ftrack.unmanaged</c>) and its metadata by key.
/// </summary>
public static partial class IntegrateVersion
{
    private static async Task<string> EnsureComponentAsync(FtrackSession session, string versionId, ComponentItem item, string locationId, PublishInstance instance, CancellationToken cancellationToken)
    {
        var name = item.ComponentData.Name.Length > 0 ? item.ComponentData.Name : "main";
        var existing = await session.QueryFirstAsync(
            FtrackQuery.From("Component").Select("id", "name", "system_type").Where(FtrackFilter.All(FtrackFilter.Is("name", name), FtrackFilter.Is("version_id", versionId))),
            cancellationToken);
        var sequence = FileSequence.TryParse(item.ComponentPath);
        string componentId;
        if (existing is null || item.ComponentOverwrite)
        {
            if (existing is not null)
            {
                await RemoveFromLocationAsync(session, existing, locationId, cancellationToken);
            }

            componentId = existing?.Id ?? Guid.NewGuid().ToString();
            if (sequence is not null)
            {
                AddSequence(session, componentId, name, versionId, sequence, locationId, existing is not null, instance);
            }
            else
            {
                await AddFileAsync(session, componentId, name, versionId, item.ComponentPath, locationId, existing is not null, instance, cancellationToken);
            }

            await session.CommitAsync(cancellationToken);
        }
        else
        {
            componentId = existing.Id;
        }

        await EnsureMetadataAsync(session, componentId, existing?.EntityType ?? (sequence is null ? "FileComponent" : "SequenceComponent"), item.ComponentData.Metadata, cancellationToken);
        if (item.Thumbnail)
        {
            var version = await session.GetAsync("AssetVersion", versionId, ["id", "thumbnail_id"], cancellationToken);
            if (version is not null && version.GetString("thumbnail_id") != componentId)
            {
                session.Update(version.Ref, new Dictionary<string, object?> { ["thumbnail_id"] = componentId });
            }
        }

        await session.CommitAsync(cancellationToken);
        return componentId;
    }

    private static async Task RemoveFromLocationAsync(FtrackSession session, FtrackEntity component, string locationId, CancellationToken cancellationToken)
    {
        var members = await session.QueryAsync(FtrackQuery.From("FileComponent").Select("id").Where(FtrackFilter.Is("container_id", component.Id)), cancellationToken);
        var ids = members.Select(m => m.Id).Append(component.Id).ToList();
        var placed = await session.QueryAsync(
            FtrackQuery.From("ComponentLocation").Select("id").Where(FtrackFilter.All(FtrackFilter.In("component_id", ids), FtrackFilter.Is("location_id", locationId))),
            cancellationToken);
        foreach (var row in placed)
        {
            session.Delete(row.Ref);
        }

        foreach (var member in members)
        {
            session.Delete(member.Ref);
        }

        await session.CommitAsync(cancellationToken);
    }

    private static async Task AddFileAsync(FtrackSession session, string componentId, string name, string versionId, string path, string locationId, bool exists, PublishInstance instance, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new PublishStepException($"instance \"{instance.Label}\": component \"{name}\" file \"{path}\" does not exist; check the representation's published path");
        }

        var extension = Path.GetExtension(path);
        var size = new FileInfo(path).Length;
        var server = locationId == FtrackLocationIds.Server;
        if (server)
        {
            await using var content = File.OpenRead(path);
            try
            {
                await session.UploadComponentAsync(componentId, name + extension, content, size, null, cancellationToken);
            }
            catch (FtrackProtocolException ex)
            {
                throw new PublishStepException($"instance \"{instance.Label}\": the ftrack server refused the upload of component \"{name}\" ({Path.GetFileName(path)}): {ex.Message} Check the ftrack server's storage and publish again");
            }
        }

        var values = new Dictionary<string, object?> { ["name"] = name, ["file_type"] = extension, ["size"] = size, ["version_id"] = versionId };
        if (exists)
        {
            session.Update(FtrackEntityRef.Of("FileComponent", componentId), values);
        }
        else
        {
            values["id"] = componentId;
            session.Create("FileComponent", values);
        }

        session.Create("ComponentLocation", new Dictionary<string, object?>
        {
            ["component_id"] = componentId,
            ["location_id"] = locationId,
            ["resource_identifier"] = server ? componentId : path,
        });
    }

    private static void AddSequence(FtrackSession session, string componentId, string name, string versionId, FileSequence.Parsed sequence, string locationId, bool exists, PublishInstance instance)
    {
        if (locationId == FtrackLocationIds.Server)
        {
            throw new PublishStepException($"instance \"{instance.Label}\": component \"{name}\" is a frame sequence; sequences are published to ftrack.unmanaged, not uploaded");
        }

        var sizes = sequence.Frames.Select(f => (Frame: f, Path: sequence.PathOf(f))).ToList();
        if (sizes.FirstOrDefault(s => !File.Exists(s.Path)) is { Path: not null } missing)
        {
            throw new PublishStepException($"instance \"{instance.Label}\": frame {missing.Frame} of component \"{name}\" (\"{missing.Path}\") does not exist; check the rendered sequence");
        }

        var extension = Path.GetExtension(sequence.Pattern);
        var values = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["file_type"] = extension,
            ["padding"] = sequence.Padding,
            ["size"] = sizes.Sum(s => new FileInfo(s.Path).Length),
            ["version_id"] = versionId,
        };
        if (exists)
        {
            session.Update(FtrackEntityRef.Of("SequenceComponent", componentId), values);
        }
        else
        {
            values["id"] = componentId;
            session.Create("SequenceComponent", values);
        }

        var ranges = FileSequence.Describe([.. sizes.Select(s => s.Path)]);
        session.Create("ComponentLocation", new Dictionary<string, object?> { ["component_id"] = componentId, ["location_id"] = locationId, ["resource_identifier"] = ranges });
        foreach (var (frame, path) in sizes)
        {
            var member = session.Create("FileComponent", new Dictionary<string, object?>
            {
                ["name"] = frame.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["container_id"] = componentId,
                ["file_type"] = extension,
                ["size"] = new FileInfo(path).Length,
            });
            session.Create("ComponentLocation", new Dictionary<string, object?> { ["component_id"] = member.Id, ["location_id"] = locationId, ["resource_identifier"] = path });
        }
    }

    private static async Task EnsureMetadataAsync(FtrackSession session, string componentId, string componentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (metadata.Count == 0)
        {
            return;
        }

        var stored = await session.QueryAsync(FtrackQuery.From("Metadata").Select("parent_id", "key", "value").Where(FtrackFilter.Is("parent_id", componentId)), cancellationToken);
        foreach (var (key, value) in metadata)
        {
            var row = stored.FirstOrDefault(s => s.GetString("key") == key);
            if (row is null)
            {
                session.Create("Metadata", new Dictionary<string, object?> { ["parent_id"] = componentId, ["parent_type"] = componentType, ["key"] = key, ["value"] = value });
            }
            else if (row.GetString("value") != value)
            {
                session.Update(row.Ref, new Dictionary<string, object?> { ["value"] = value });
            }
        }
    }
}
