using AyonFtrack.Features.Ayon.Entities;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// The entity part of the AYON wire client (ayon-protocol.md §3): projects, project-level entities,
/// operations, users, links, thumbnails, activities and entity lists. GraphQL reads go through
/// <see cref="AyonEntityQueries"/>, which sends fixed documents and follows paging.
/// </summary>
public partial interface IAyonApi
{
    // ---- projects (§3.3) ----

    [Get("/api/projects")]
    Task<ProjectListResponse> GetProjectsAsync([Query] bool? active, CancellationToken cancellationToken);

    [Get("/api/projects/{projectName}")]
    Task<IApiResponse<ProjectModel>> GetProjectAsync(string projectName, CancellationToken cancellationToken);

    /// <summary>Deploys a project (201, no body); 409 when the name or code exists.</summary>
    [Post("/api/projects")]
    Task<IApiResponse> DeployProjectAsync([Body] DeployProjectRequest request, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}")]
    Task PatchProjectAsync(string projectName, [Body] ProjectPatch patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}")]
    Task DeleteProjectAsync(string projectName, CancellationToken cancellationToken);

    [Get("/api/anatomy/presets")]
    Task<AnatomyPresetsResponse> GetAnatomyPresetsAsync(CancellationToken cancellationToken);

    /// <summary>An anatomy preset (snake_case; <c>__primary__</c> or <c>_</c> allowed) to pass to <see cref="DeployProjectAsync"/>.</summary>
    [Get("/api/anatomy/presets/{presetName}")]
    Task<IApiResponse<System.Text.Json.Nodes.JsonObject>> GetAnatomyPresetAsync(string presetName, CancellationToken cancellationToken);

    // ---- folders (§3.4) ----

    [Get("/api/projects/{projectName}/folders/{folderId}")]
    Task<IApiResponse<FolderModel>> GetFolderAsync(string projectName, string folderId, CancellationToken cancellationToken);

    [Get("/api/projects/{projectName}/folders")]
    Task<FolderListResponse> GetFolderListAsync(string projectName, [Query] bool? attrib, CancellationToken cancellationToken);

    [Post("/api/projects/{projectName}/folders")]
    Task<EntityIdResponse> CreateFolderAsync(string projectName, [Body] FolderCreate folder, CancellationToken cancellationToken);

    /// <summary>Partial update: keys absent from <paramref name="patch"/> are untouched; <c>attrib</c>/<c>data</c> merge per key.</summary>
    [Patch("/api/projects/{projectName}/folders/{folderId}")]
    Task UpdateFolderAsync(string projectName, string folderId, [Body] System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/folders/{folderId}")]
    Task DeleteFolderAsync(string projectName, string folderId, [Query] bool? force, CancellationToken cancellationToken);

    // ---- tasks ----

    [Get("/api/projects/{projectName}/tasks/{taskId}")]
    Task<IApiResponse<TaskModel>> GetTaskAsync(string projectName, string taskId, CancellationToken cancellationToken);

    [Post("/api/projects/{projectName}/tasks")]
    Task<EntityIdResponse> CreateTaskAsync(string projectName, [Body] TaskCreate task, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/tasks/{taskId}")]
    Task UpdateTaskAsync(string projectName, string taskId, [Body] System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/tasks/{taskId}")]
    Task DeleteTaskAsync(string projectName, string taskId, CancellationToken cancellationToken);

    /// <summary>Adds, removes or sets assignees (204; no-op when unchanged).</summary>
    [Post("/api/projects/{projectName}/tasks/{taskId}/assign")]
    Task AssignTaskAsync(string projectName, string taskId, [Body] TaskAssignRequest request, CancellationToken cancellationToken);

    // ---- products ----

    [Get("/api/projects/{projectName}/products/{productId}")]
    Task<IApiResponse<ProductModel>> GetProductAsync(string projectName, string productId, CancellationToken cancellationToken);

    [Post("/api/projects/{projectName}/products")]
    Task<EntityIdResponse> CreateProductAsync(string projectName, [Body] ProductCreate product, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/products/{productId}")]
    Task UpdateProductAsync(string projectName, string productId, [Body] System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/products/{productId}")]
    Task DeleteProductAsync(string projectName, string productId, CancellationToken cancellationToken);

    // ---- versions ----

    [Get("/api/projects/{projectName}/versions/{versionId}")]
    Task<IApiResponse<VersionModel>> GetVersionAsync(string projectName, string versionId, CancellationToken cancellationToken);

    [Post("/api/projects/{projectName}/versions")]
    Task<EntityIdResponse> CreateVersionAsync(string projectName, [Body] VersionCreate version, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/versions/{versionId}")]
    Task UpdateVersionAsync(string projectName, string versionId, [Body] System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/versions/{versionId}")]
    Task DeleteVersionAsync(string projectName, string versionId, CancellationToken cancellationToken);

    // ---- representations ----

    [Get("/api/projects/{projectName}/representations/{representationId}")]
    Task<IApiResponse<RepresentationModel>> GetRepresentationAsync(string projectName, string representationId, CancellationToken cancellationToken);

    [Post("/api/projects/{projectName}/representations")]
    Task<EntityIdResponse> CreateRepresentationAsync(string projectName, [Body] RepresentationCreate representation, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/representations/{representationId}")]
    Task UpdateRepresentationAsync(string projectName, string representationId, [Body] System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/representations/{representationId}")]
    Task DeleteRepresentationAsync(string projectName, string representationId, CancellationToken cancellationToken);

    // ---- operations (§3.5) ----

    /// <summary>Runs operations; HTTP 200 even when some failed: check <see cref="OperationsResponse.Success"/> or call <see cref="OperationsResponse.EnsureSuccess"/>.</summary>
    [Post("/api/projects/{projectName}/operations")]
    Task<OperationsResponse> PostOperationsAsync(string projectName, [Body] OperationsRequest request, CancellationToken cancellationToken);

    [Post("/api/projects/{projectName}/operations/background")]
    Task<BackgroundOperationsStatus> PostBackgroundOperationsAsync(string projectName, [Body] OperationsRequest request, CancellationToken cancellationToken);

    [Get("/api/projects/{projectName}/operations/background/{taskId}")]
    Task<IApiResponse<BackgroundOperationsStatus>> GetBackgroundOperationsAsync(string projectName, string taskId, CancellationToken cancellationToken);

    // ---- users and access groups (§3.6) ----

    [Get("/api/users/{userName}")]
    Task<IApiResponse<UserModel>> GetUserAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Creates a user (204); 409 when the user exists.</summary>
    [Put("/api/users/{userName}")]
    Task<IApiResponse> CreateUserAsync(string userName, [Body] UserCreate user, CancellationToken cancellationToken);

    [Patch("/api/users/{userName}")]
    Task PatchUserAsync(string userName, [Body] UserPatch patch, CancellationToken cancellationToken);

    /// <summary>Access groups; <paramref name="projectName"/> <c>_</c> = studio level.</summary>
    [Get("/api/accessGroups/{projectName}")]
    Task<IReadOnlyList<AccessGroupModel>> GetAccessGroupsAsync(string projectName, CancellationToken cancellationToken);

    // ---- links and thumbnails (§3.7) ----

    [Post("/api/projects/{projectName}/links")]
    Task<EntityIdResponse> CreateLinkAsync(string projectName, [Body] LinkCreate link, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/links/{linkId}")]
    Task DeleteLinkAsync(string projectName, string linkId, CancellationToken cancellationToken);

    /// <summary>Uploads a thumbnail; the content must carry <c>Content-Type: image/png</c> or <c>image/jpeg</c>.</summary>
    [Post("/api/projects/{projectName}/thumbnails")]
    Task<ThumbnailResponse> CreateThumbnailAsync(string projectName, [Body] HttpContent image, CancellationToken cancellationToken);

    // ---- activities (§3.8) ----

    [Post("/api/projects/{projectName}/{entityType}/{entityId}/activities")]
    Task<EntityIdResponse> CreateActivityAsync(string projectName, string entityType, string entityId, [Body] ActivityCreate activity, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/activities/{activityId}")]
    Task PatchActivityAsync(string projectName, string activityId, [Body] ActivityPatch patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/activities/{activityId}")]
    Task DeleteActivityAsync(string projectName, string activityId, CancellationToken cancellationToken);

    // ---- entity lists (§3.9) ----

    [Post("/api/projects/{projectName}/lists")]
    Task<EntityListSummary> CreateEntityListAsync(string projectName, [Body] EntityListCreate list, CancellationToken cancellationToken);

    [Get("/api/projects/{projectName}/lists/{listId}")]
    Task<IApiResponse<EntityListModel>> GetEntityListAsync(string projectName, string listId, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/lists/{listId}")]
    Task PatchEntityListAsync(string projectName, string listId, [Body] EntityListPatch patch, CancellationToken cancellationToken);

    [Patch("/api/projects/{projectName}/lists/{listId}/items")]
    Task PatchEntityListItemsAsync(string projectName, string listId, [Body] EntityListItemsPatch patch, CancellationToken cancellationToken);

    [Delete("/api/projects/{projectName}/lists/{listId}")]
    Task DeleteEntityListAsync(string projectName, string listId, CancellationToken cancellationToken);

    // ---- GraphQL (fixed documents in AyonEntityQueries) ----

    [Post("/graphql")]
    Task<GraphQlResult<UsersData>> QueryUsersAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);

    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectFolders>>> QueryFoldersAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);

    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectTasks>>> QueryTasksAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);

    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectProducts>>> QueryProductsAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);

    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectVersions>>> QueryVersionsAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);

    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectActivities>>> QueryActivitiesAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);

    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectEntityLists>>> QueryEntityListsAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);
}
