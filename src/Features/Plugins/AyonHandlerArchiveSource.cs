using AyonFtrack.Features.Ayon;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Plugins;

/// <summary>
/// The processor's <see cref="IHandlerArchiveSource"/> over AYON: the ftrack addon's <c>customProcessorHandlers</c>
/// list for a variant, and each archive downloaded from its endpoint into a temporary file (deleted when the stream is
/// closed), so a large archive never sits in memory.
/// </summary>
public sealed class AyonHandlerArchiveSource(IAyonApi ayon, IOptions<AyonOptions> options) : IHandlerArchiveSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<HandlerArchiveEntry>> ListAsync(string variant, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var list = await ayon.GetCustomProcessorHandlersAsync(o.AddonName, o.AddonVersion, variant, cancellationToken);
        return [.. (list.CustomHandlers ?? []).Select(h => new HandlerArchiveEntry(h.AddonName, h.AddonVersion, h.Endpoint))];
    }

    /// <inheritdoc />
    public async Task<Stream> OpenAsync(string endpoint, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ayon-ftrack-handlers-{Guid.NewGuid():N}.download");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await ayon.DownloadAddonFileAsync(endpoint, file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
