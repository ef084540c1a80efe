using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using Mapster;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// AYON's REST models of the five entity types → <see cref="AyonEntityState"/> (what the transmitter compares with ftrack).
/// Every member of the state has a source here: the configuration is compiled with unmapped members refused, so a field
/// added to the state without a mapping stops the transmitter at start. The attribute object is shared, not copied.
/// A static registration, not an <see cref="IRegister"/>: the validator scan of every mode loads each type of this
/// assembly, and a type implementing Mapster's interface would load Mapster into the leecher, which maps nothing.
/// </summary>
public static class AyonEntityStateMapping
{
    private static readonly IReadOnlyList<string> None = [];

    /// <summary>Adds the five mappings to <paramref name="config"/>.</summary>
    public static void Register(TypeAdapterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.ForType<JsonObject, JsonObject>().MapWith(source => source);
        config.NewConfig<ProjectModel, AyonEntityState>()
            .Map(d => d.EntityType, _ => "project")
            .Map(d => d.Id, s => s.Name)
            .Map(d => d.ParentId, _ => (string?)null)
            .Map(d => d.Status, _ => (string?)null)
            .Map(d => d.SubType, _ => (string?)null)
            .Map(d => d.Assignees, _ => None)
            .Map(d => d.ThumbnailId, _ => (string?)null)
            .Ignore(d => d.VersionNumber);
        config.NewConfig<FolderModel, AyonEntityState>()
            .Map(d => d.EntityType, _ => "folder")
            .Map(d => d.SubType, s => s.FolderType)
            .Map(d => d.Assignees, _ => None)
            .Ignore(d => d.VersionNumber);
        config.NewConfig<TaskModel, AyonEntityState>()
            .Map(d => d.EntityType, _ => "task")
            .Map(d => d.ParentId, s => s.FolderId)
            .Map(d => d.SubType, s => s.TaskType)
            .Ignore(d => d.VersionNumber);
        config.NewConfig<ProductModel, AyonEntityState>()
            .Map(d => d.EntityType, _ => "product")
            .Map(d => d.Label, _ => (string?)null)
            .Map(d => d.ParentId, s => s.FolderId)
            .Map(d => d.SubType, s => s.ProductType)
            .Map(d => d.Assignees, _ => None)
            .Map(d => d.ThumbnailId, _ => (string?)null)
            .Ignore(d => d.VersionNumber);
        config.NewConfig<VersionModel, AyonEntityState>()
            .Map(d => d.EntityType, _ => "version")
            .Map(d => d.Name, s => "v" + s.Version.ToString("000", CultureInfo.InvariantCulture))
            .Map(d => d.Label, _ => (string?)null)
            .Map(d => d.ParentId, s => s.ProductId)
            .Map(d => d.SubType, s => s.TaskId)
            .Map(d => d.Assignees, _ => None)
            .Map(d => d.VersionNumber, s => s.Version);
    }
}
