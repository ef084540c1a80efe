using AyonFtrack.Client;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Pipeline;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// The desktop mode's composition, as ModeCompositionTests proves the service modes': the container of <c>serve</c>
/// validates on build, its route set is exactly the desktop mode's, and every route's handler resolves in a scope.
/// No server is contacted.
/// </summary>
public sealed class DesktopCompositionTests
{
    private static readonly string[] DesktopRoutes =
    [
        "ftrack.action.discover Desktop.WhereIRun",
        "ftrack.action.launch Desktop.WhereIRun",
        "ftrack.action.launch Desktop.WhereIRun",
        "ftrack.action.discover Desktop.Applications",
        "ftrack.action.launch Desktop.Applications",
        "ftrack.action.discover Desktop.CreateFolders",
        "ftrack.action.launch Desktop.CreateFolders",
        "ftrack.action.discover Desktop.Delivery",
        "ftrack.action.launch Desktop.Delivery",
        "ftrack.action.discover Desktop.SortReview",
        "ftrack.action.launch Desktop.SortReview",
        "ftrack.action.discover Desktop.JobKiller",
        "ftrack.action.launch Desktop.JobKiller",
        "ftrack.action.discover Desktop.MultipleNotes",
        "ftrack.action.launch Desktop.MultipleNotes",
        "ftrack.action.discover Desktop.ThumbnailToChildren",
        "ftrack.action.launch Desktop.ThumbnailToChildren",
        "ftrack.action.discover Desktop.ThumbnailToParent",
        "ftrack.action.launch Desktop.ThumbnailToParent",
        "ftrack.action.discover Desktop.OpenFile",
        "ftrack.action.launch Desktop.OpenFile",
        "ftrack.action.discover Desktop.DownloadReviewMedia",
        "ftrack.action.launch Desktop.DownloadReviewMedia",
        "ftrack.action.discover Desktop.BatchTaskCreate",
        "ftrack.action.launch Desktop.BatchTaskCreate",
        "ftrack.action.discover Desktop.CleanHierarchicalAttributes",
        "ftrack.action.launch Desktop.CleanHierarchicalAttributes",
        "ftrack.action.discover Desktop.CreateProjectStructure",
        "ftrack.action.launch Desktop.CreateProjectStructure",
        "ftrack.action.discover Desktop.CreateUpdateAttributes",
        "ftrack.action.launch Desktop.CreateUpdateAttributes",
    ];

    private static ServiceProvider Build(bool withAyon)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DesktopEnvironment.FtrackServer] = "http://127.0.0.1:9",
            [DesktopEnvironment.FtrackApiUser] = "artist.one",
            [DesktopEnvironment.FtrackApiKey] = "composition-test-key",
        };
        if (withAyon)
        {
            variables["AYON_SERVER_URL"] = "http://127.0.0.1:9";
            variables["AYON_API_KEY"] = "composition-test-ayon-key";
        }

        return new DesktopEnvironment(variables).BuildDesktopServices(new ActionServerIdentity("0123456789abcdef0123456789abcdef"), TextWriter.Null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Build_Desktop_ValidatesAndRegistersExactlyTheDesktopRoutes(bool withAyon)
    {
        await using var provider = Build(withAyon);

        var routes = provider.GetRequiredService<SliceRoutes>();
        routes.Mode.ShouldBe(HostMode.Desktop);
        routes.All.Select(r => $"{r.Topic} {r.Slice}").ShouldBe(DesktopRoutes);
        routes.All.ShouldAllBe(r => r.Mode == HostMode.Desktop);
        provider.GetRequiredService<ActionServerIdentity>().ProcessId.ShouldBe("0123456789abcdef0123456789abcdef");
    }

    [Fact]
    public async Task Build_Desktop_EveryRouteResolvesItsHandlerInAScope()
    {
        await using var provider = Build(withAyon: true);
        await using var scope = provider.CreateAsyncScope();

        foreach (var route in provider.GetRequiredService<SliceRoutes>().All)
        {
            var handler = scope.ServiceProvider.GetRequiredService(typeof(IRequestHandler<,>).MakeGenericType(route.CommandType, typeof(Unit)));
            handler.GetType().ShouldBe(route.HandlerType);
        }
    }

    [Fact]
    public async Task Build_Desktop_HasNoServiceModeHandlers()
    {
        await using var provider = Build(withAyon: true);
        await using var scope = provider.CreateAsyncScope();

        scope.ServiceProvider.GetService<IRequestHandler<Features.Actions.MultipleNotes.LaunchCommand, Unit>>().ShouldBeNull();
        scope.ServiceProvider.GetService<IRequestHandler<Features.Leech.StoreFtrackEvent.Command, Unit>>().ShouldBeNull();
    }

    [Fact]
    public void HostModes_Desktop_IsNotAServiceMode() =>
        HostModes.TryParse("desktop", out _).ShouldBeFalse();
}
