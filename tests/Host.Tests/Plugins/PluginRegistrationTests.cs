using AyonFtrack.Features.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class PluginRegistrationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AddHandlerPlugins_HostStops_DeletesTheDownloadFolderAndExposesTheReport()
    {
        var source = new FakeHandlerArchiveSource().Add("sample", "1.0.0", "sample.zip",
            TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]));
        var loader = new HandlerPluginLoader(new PluginOptions(), _temp.Path, new FakeTimeProvider(), NullLogger<HandlerPluginLoader>.Instance);
        var result = await loader.LoadAsync(source, "production", CancellationToken.None);
        var folder = loader.Folder.ShouldNotBeNull().Path;
        var services = new ServiceCollection().AddHandlerPlugins(loader, result);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var hosted = provider.GetServices<IHostedService>().ShouldHaveSingleItem();

        await hosted.StartAsync(CancellationToken.None);
        Directory.Exists(folder).ShouldBeTrue();
        await hosted.StopAsync(CancellationToken.None);

        Directory.Exists(folder).ShouldBeFalse();
        provider.GetRequiredService<PluginLoadReport>().ShouldBeSameAs(result.Report);
    }
}
