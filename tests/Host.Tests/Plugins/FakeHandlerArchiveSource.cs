using AyonFtrack.Features.Plugins;

namespace AyonFtrack.Host.Tests.Plugins;

/// <summary>An in-memory handler archive source: the list of one variant, archive bytes per endpoint.</summary>
public sealed class FakeHandlerArchiveSource : IHandlerArchiveSource
{
    private readonly List<HandlerArchiveEntry> _entries = [];
    private readonly Dictionary<string, byte[]> _archives = new(StringComparer.Ordinal);

    /// <summary>When set, <see cref="ListAsync"/> throws it (AYON unreachable, 500, ...).</summary>
    public Exception? ListFailure { get; set; }

    public List<string> Listed { get; } = [];

    public List<string> Opened { get; } = [];

    public FakeHandlerArchiveSource Add(string addon, string version, string fileName, byte[] archive)
    {
        var endpoint = $"addons/{addon}/{version}/private/{fileName}";
        _entries.Add(new HandlerArchiveEntry(addon, version, endpoint));
        _archives[endpoint] = archive;
        return this;
    }

    /// <summary>Lists an archive whose download fails (its endpoint answers nothing).</summary>
    public FakeHandlerArchiveSource AddMissing(string addon, string version, string fileName)
    {
        _entries.Add(new HandlerArchiveEntry(addon, version, $"addons/{addon}/{version}/private/{fileName}"));
        return this;
    }

    public Task<IReadOnlyList<HandlerArchiveEntry>> ListAsync(string variant, CancellationToken cancellationToken)
    {
        Listed.Add(variant);
        if (ListFailure is not null)
        {
            throw ListFailure;
        }

        return Task.FromResult<IReadOnlyList<HandlerArchiveEntry>>([.. _entries]);
    }

    public Task<Stream> OpenAsync(string endpoint, CancellationToken cancellationToken)
    {
        Opened.Add(endpoint);
        return _archives.TryGetValue(endpoint, out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new HttpRequestException($"404 Not Found: {endpoint}");
    }
}
