using AyonFtrack.Sandbox.Ayon.Entities;

#pragma warning disable IDE0130 // The files part of the AyonEmulator partial class lives with the files module.
namespace AyonFtrack.Sandbox.Ayon;
#pragma warning restore IDE0130

// Thumbnail and project-file seeding and inspection for tests and benchmarks (no events, like the other seeds).
public sealed partial class AyonEmulator
{
    /// <summary>Stores a thumbnail image (<c>image/png</c> or <c>image/jpeg</c>) and returns its id, to set as an entity's <c>thumbnailId</c>.</summary>
    public Task<string> AddThumbnailAsync(string projectName, byte[] image, string mimeType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var id = EntityNames.NewId();
        return Store.WriteAsync(db =>
        {
            var store = new SqliteEntityStore(db);
            _ = store.GetProject(projectName) ?? throw new InvalidOperationException($"Project {projectName} does not exist.");
            store.PutDocument(EntityCollections.Thumbnails, projectName, id, AyonFilesModule.Thumbnail(id, mimeType, image, Options.ServiceUserName, AyonTime.Format(Time.GetUtcNow())));
            return id;
        }, cancellationToken);
    }

    /// <summary>The bytes of a stored project file (reviewables, attachments), or null.</summary>
    public Task<byte[]?> GetProjectFileAsync(string projectName, string fileId, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => new SqliteEntityStore(db).GetDocument(AyonFilesModule.Files, projectName, fileId) is { } file
            ? Convert.FromBase64String(EntityEngine.Str(file, "data") ?? "")
            : null, cancellationToken);
}
