using System.Text.Json.Nodes;
using Refit;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// ftrack's REST API: one endpoint taking a batch of operations (ftrack-protocol.md §1.1, §1.2).
/// The reply is returned raw because ftrack reports errors as a JSON object, with HTTP 200 or an error
/// status; <see cref="FtrackSession"/> reads both.
/// </summary>
public interface IFtrackApi
{
    /// <summary>Sends one batch (a JSON array of operation objects) and returns the server's raw reply.</summary>
    [Post("/api")]
    Task<HttpResponseMessage> CallAsync([Body(buffered: true)] JsonArray operations, CancellationToken cancellationToken);
}
