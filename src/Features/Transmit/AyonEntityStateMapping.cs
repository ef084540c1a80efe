using System.Globalization;
using AyonFtrack.Features.Ayon.Entities;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// AYON's REST models of the five entity types → <see cref="AyonEntityState"/> (what the transmitter compares with ftrack).
/// The attribute object is shared, not copied. By hand, not Mapster: compiling these five mappings at start cost the
/// transmitter ~9 MB of peak memory (build/bench.sh transmitter, issue 15); each is one constructor call that the compiler
/// checks, so a field added to the state without a source does not build.
/// </summary>
public static class AyonEntityStateMapping
{
    /// <summary>A project: named and identified by its name; no parent, status, type or assignees.</summary>
    public static AyonEntityState From(ProjectModel project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new AyonEntityState("project", project.Name, project.Name, project.Label, null, null, project.Attrib, project.OwnAttrib, null, [], null);
    }

    /// <summary>A folder: its parent folder, status, folder type and thumbnail.</summary>
    public static AyonEntityState From(FolderModel folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new AyonEntityState("folder", folder.Id, folder.Name, folder.Label, folder.ParentId, folder.Status, folder.Attrib, folder.OwnAttrib, folder.FolderType, [], folder.ThumbnailId);
    }

    /// <summary>A task: its folder as parent, its task type and its assignees.</summary>
    public static AyonEntityState From(TaskModel task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new AyonEntityState("task", task.Id, task.Name, task.Label, task.FolderId, task.Status, task.Attrib, task.OwnAttrib, task.TaskType, task.Assignees, task.ThumbnailId);
    }

    /// <summary>A product: its folder as parent and its product type; no label or thumbnail.</summary>
    public static AyonEntityState From(ProductModel product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new AyonEntityState("product", product.Id, product.Name, null, product.FolderId, product.Status, product.Attrib, product.OwnAttrib, product.ProductType, [], null);
    }

    /// <summary>A version: named <c>v007</c> by its number, under its product, its task as sub-type.</summary>
    public static AyonEntityState From(VersionModel version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new AyonEntityState(
            "version", version.Id, "v" + version.Version.ToString("000", CultureInfo.InvariantCulture), null, version.ProductId, version.Status, version.Attrib,
            version.OwnAttrib, version.TaskId, [], version.ThumbnailId) { VersionNumber = version.Version };
    }
}
