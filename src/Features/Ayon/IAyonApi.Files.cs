using AyonFtrack.Features.Ayon.Entities;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// Thumbnails, project files and reviewables of the AYON wire client. Downloads return the raw response (streamed);
/// a missing thumbnail asked with <c>placeholder=none</c>, or a missing file, is a 404.
/// </summary>
public partial interface IAyonApi
{
    /// <summary><c>GET /api/projects/{p}/thumbnails/{id}</c>; <paramref name="placeholder"/> <c>none</c> makes a missing thumbnail a 404 (default <c>empty</c>: a 203 1×1 PNG).</summary>
    [Get("/api/projects/{projectName}/thumbnails/{thumbnailId}")]
    Task<HttpResponseMessage> GetThumbnailAsync(string projectName, string thumbnailId, [Query] string? placeholder, CancellationToken cancellationToken);

    /// <summary><c>PUT /api/projects/{p}/thumbnails/{id}</c> (manager): creates or replaces the thumbnail of that id; the content carries its image Content-Type.</summary>
    [Put("/api/projects/{projectName}/thumbnails/{thumbnailId}")]
    Task<ThumbnailResponse> PutThumbnailAsync(string projectName, string thumbnailId, [Body] HttpContent image, CancellationToken cancellationToken);

    /// <summary><c>POST /api/projects/{p}/files</c> (201 <c>{id}</c>); the content carries its Content-Type.</summary>
    [Post("/api/projects/{projectName}/files")]
    Task<EntityIdResponse> UploadProjectFileAsync(string projectName, [Header("x-file-name")] string fileName, [Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary><c>GET /api/projects/{p}/files/{id}</c>, streamed.</summary>
    [Get("/api/projects/{projectName}/files/{fileId}")]
    Task<HttpResponseMessage> GetProjectFileAsync(string projectName, string fileId, CancellationToken cancellationToken);

    /// <summary><c>DELETE /api/projects/{p}/files/{id}</c> (204).</summary>
    [Delete("/api/projects/{projectName}/files/{fileId}")]
    Task DeleteProjectFileAsync(string projectName, string fileId, CancellationToken cancellationToken);

    /// <summary><c>POST /api/projects/{p}/versions/{id}/reviewables?label=</c>: uploads a video or image reviewable (emits <c>reviewable.created</c>).</summary>
    [Post("/api/projects/{projectName}/versions/{versionId}/reviewables")]
    Task<ReviewableModel> UploadReviewableAsync(string projectName, string versionId, [Query] string? label, [Header("x-file-name")] string fileName, [Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary><c>GET /api/projects/{p}/versions/{id}/reviewables</c>: the version's reviewables with their media info.</summary>
    [Get("/api/projects/{projectName}/versions/{versionId}/reviewables")]
    Task<IApiResponse<VersionReviewables>> GetVersionReviewablesAsync(string projectName, string versionId, CancellationToken cancellationToken);
}
