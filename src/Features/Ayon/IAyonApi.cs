using System.Text.Json;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// The AYON server's REST and GraphQL surface used by the ftrack services (ayon-protocol.md).
/// One interface for the whole system; entity endpoints live in the other part of this partial
/// interface (<c>IAyonApi.Entities.cs</c>). Higher-level behaviour (409 on dispatch, 204 on enroll,
/// event paging, the download fallback) is in <see cref="AyonApiExtensions"/>.
/// Auth and context headers are added by <see cref="AyonAuthHandler"/>.
/// </summary>
public partial interface IAyonApi
{
    // ---- service identity (§1.4) -------------------------------------------------------------

    /// <summary><c>GET /</c>: the "server reachable" probe (200 when the server answers).</summary>
    [Get("/")]
    Task<HttpResponseMessage> ProbeAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /api/info</c>: server version (and the user when authenticated).</summary>
    [Get("/api/info")]
    Task<AyonInfo> GetInfoAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /api/users/me</c>: the authenticated (or impersonated) user.</summary>
    [Get("/api/users/me")]
    Task<AyonUser> GetCurrentUserAsync(CancellationToken cancellationToken);

    // ---- settings (§1.5) ---------------------------------------------------------------------

    /// <summary>Studio settings of one addon version for a variant (snake_case keys).</summary>
    [Get("/api/addons/{addonName}/{addonVersion}/settings")]
    Task<JsonElement> GetAddonSettingsAsync(string addonName, string addonVersion, [Query] string variant, CancellationToken cancellationToken);

    /// <summary>Project settings of one addon version for a variant (studio + project overrides).</summary>
    [Get("/api/addons/{addonName}/{addonVersion}/settings/{projectName}")]
    Task<JsonElement> GetAddonProjectSettingsAsync(string addonName, string addonVersion, string projectName, [Query] string variant, CancellationToken cancellationToken);

    /// <summary><c>GET /api/settings</c>: the settings of every addon of the variant's bundle (optionally per project).</summary>
    [Get("/api/settings")]
    Task<JsonElement> GetAllSettingsAsync([Query] string variant, [Query, AliasAs("project_name")] string? projectName, CancellationToken cancellationToken);

    // ---- secrets (§1.6) ----------------------------------------------------------------------

    /// <summary><c>GET /api/secrets</c>: all secrets (values visible to admins, which services are).</summary>
    [Get("/api/secrets")]
    Task<IReadOnlyList<AyonSecret>> GetSecretsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /api/secrets/{name}</c>: one secret; 404 when it does not exist.</summary>
    [Get("/api/secrets/{name}")]
    Task<IApiResponse<AyonSecret>> GetSecretAsync(string name, CancellationToken cancellationToken);

    // ---- events (§2) -------------------------------------------------------------------------

    /// <summary>
    /// <c>POST /api/events</c>, raw. Use <see cref="AyonApiExtensions.DispatchEventAsync"/>, which turns
    /// 409 (same hash) into <see cref="DispatchOutcome.AlreadyStored"/>.
    /// </summary>
    [Post("/api/events")]
    Task<IApiResponse<AyonEventCreated>> PostEventAsync([Body] DispatchEventRequest request, CancellationToken cancellationToken);

    /// <summary><c>GET /api/events/{id}</c>: the full event; <see cref="ApiException"/> with 404 when missing.</summary>
    [Get("/api/events/{id}")]
    Task<AyonEvent> GetEventAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>PATCH /api/events/{id}</c> (204). Summary and payload are replaced, not merged.</summary>
    [Patch("/api/events/{id}")]
    Task UpdateEventAsync(string id, [Body] UpdateEventRequest request, CancellationToken cancellationToken);

    /// <summary><c>DELETE /api/events/{id}</c> (204, also for unknown ids).</summary>
    [Delete("/api/events/{id}")]
    Task DeleteEventAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /api/enroll</c>, raw: 200 with a job, 204 without. Use <see cref="AyonApiExtensions.EnrollAsync"/>.
    /// </summary>
    [Post("/api/enroll")]
    Task<HttpResponseMessage> PostEnrollAsync([Body] EnrollRequest request, CancellationToken cancellationToken);

    /// <summary><c>POST /api/query</c>: events as snake_case records, newest first.</summary>
    [Post("/api/query")]
    Task<IReadOnlyList<AyonQueriedEvent>> QueryEventsAsync([Body] EventQueryRequest request, CancellationToken cancellationToken);

    // ---- GraphQL (§2.7.1, §3.10) -------------------------------------------------------------

    /// <summary><c>POST /graphql</c> with a fixed query document and its variables.</summary>
    [Post("/graphql")]
    Task<GraphQlResponse> GraphQlAsync([Body] GraphQlRequest request, CancellationToken cancellationToken);

    // ---- attributes (§3.2) -------------------------------------------------------------------

    /// <summary><c>GET /api/attributes</c>, ordered by position.</summary>
    [Get("/api/attributes")]
    Task<AttributeList> GetAttributesAsync(CancellationToken cancellationToken);

    /// <summary><c>PUT /api/attributes/{name}</c> (admin, upsert, 204).</summary>
    [Put("/api/attributes/{name}")]
    Task PutAttributeAsync(string name, [Body] AttributePutRequest request, CancellationToken cancellationToken);

    // ---- addon endpoints and files (§5) ------------------------------------------------------

    /// <summary><c>GET /api/addons/{n}/{v}/customProcessorHandlers?variant=</c> (snake_case body).</summary>
    [Get("/api/addons/{addonName}/{addonVersion}/customProcessorHandlers")]
    Task<CustomProcessorHandlers> GetCustomProcessorHandlersAsync(string addonName, string addonVersion, [Query] string variant, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET {base}/{endpoint}</c> streamed, raw (e.g. <c>addons/n/v/private/file.zip</c>).
    /// Use <see cref="AyonApiExtensions.DownloadAddonFileAsync"/>, which adds the <c>/api</c> fallback.
    /// </summary>
    [Get("/{**endpoint}")]
    Task<HttpResponseMessage> GetFileAsync(string endpoint, CancellationToken cancellationToken);
}
