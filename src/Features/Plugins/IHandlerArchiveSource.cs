namespace AyonFtrack.Features.Plugins;

/// <summary>
/// One custom handler archive offered by an addon of the variant's bundle, as listed by the ftrack addon's
/// <c>customProcessorHandlers</c> endpoint (ayon-protocol.md §5.2: keys <c>addon_name</c>, <c>addon_version</c>, <c>endpoint</c>).
/// </summary>
/// <param name="AddonName">The addon that ships the archive.</param>
/// <param name="AddonVersion">That addon's version in the bundle.</param>
/// <param name="Endpoint">The archive's address relative to the AYON base URL, e.g. <c>addons/hibob/1.0.2/private/handlers.tar.gz</c>.</param>
public sealed record HandlerArchiveEntry(string AddonName, string AddonVersion, string Endpoint);

/// <summary>
/// Where the processor finds integrators' handler archives. The host implements it over the AYON client
/// (<c>GET /api/addons/ftrack/{version}/customProcessorHandlers?variant=…</c>, then a download of each endpoint);
/// tests implement it in memory.
/// </summary>
public interface IHandlerArchiveSource
{
    /// <summary>The archives of <paramref name="variant"/>'s bundle (empty when there are none).</summary>
    Task<IReadOnlyList<HandlerArchiveEntry>> ListAsync(string variant, CancellationToken cancellationToken);

    /// <summary>Opens a read stream of the archive at <paramref name="endpoint"/>; the caller disposes it.</summary>
    Task<Stream> OpenAsync(string endpoint, CancellationToken cancellationToken);
}
