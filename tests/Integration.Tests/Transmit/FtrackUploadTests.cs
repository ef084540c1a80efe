using System.Net;
using System.Net.Http.Headers;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Integration.Tests.Ftrack;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// The thumbnail/reviewable copy (AYON file → ftrack.server component) through the real clients against both emulators,
/// and the AYON emulator's thumbnail and file endpoints as the transmitter reads them.
/// </summary>
public sealed class FtrackUploadTests
{
    private const string Project = "demo";
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class AyonSide : IAsyncDisposable
    {
        private readonly ServiceProvider _client;

        private AyonSide(AyonEmulator emulator, ServiceProvider client)
        {
            Emulator = emulator;
            _client = client;
            Api = client.GetRequiredService<IAyonApi>();
        }

        public AyonEmulator Emulator { get; }

        public IAyonApi Api { get; }

        public static async Task<AyonSide> StartAsync()
        {
            var emulator = await AyonEmulator.StartAsync(new AyonEmulatorOptions(), None);
            await emulator.SeedProjectAsync(Project, Project, None);
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ayon:ServerUrl"] = emulator.BaseUrl.ToString(),
                ["Ayon:ApiKey"] = emulator.ServiceApiKey,
                ["Ayon:AddonName"] = "ftrack",
                ["Ayon:AddonVersion"] = ServiceWorld.AddonVersion,
                ["Ayon:ServiceName"] = "ftrack-transmitter",
                ["Ayon:RetryCount"] = "0",
            }).Build());
            services.AddLogging();
            services.AddAyonClient();
            return new AyonSide(emulator, services.BuildServiceProvider());
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task CopyAsync_AyonThumbnail_StoredInServerLocationAndFoundByItsAyonId()
    {
        await using var ftrack = await FtrackTestHarness.StartAsync();
        await using var ayon = await AyonSide.StartAsync();
        var thumbnail = await ayon.Emulator.AddThumbnailAsync(Project, MediaSamples.Png(64, 36), "image/png", None);
        var source = KeyValuePair.Create(PushThumbnail.MetadataKey, thumbnail);

        var componentId = await FtrackUpload.CopyAsync(t => ayon.Api.GetThumbnailAsync(Project, thumbnail, "none", t), "thumbnail", ftrack.Session, "thumbnail", "thumbnail", null, [source], None);

        componentId.ShouldNotBeNull();
        ftrack.Emulator.GetUploadedFile(componentId).ShouldBe(MediaSamples.Png(64, 36));
        var component = ftrack.Emulator.GetEntity("FileComponent", componentId)!;
        component["name"]!.GetValue<string>().ShouldBe("thumbnail");
        component["file_type"]!.GetValue<string>().ShouldBe(".png");
        ftrack.Emulator.QueryLocal($"select location_id from ComponentLocation where component_id is \"{componentId}\"")
            .ShouldHaveSingleItem()!["location_id"]!.GetValue<string>().ShouldBe(FtrackUpload.ServerLocationId);
        (await FtrackUpload.FindComponentAsync(ftrack.NewSession(), PushThumbnail.MetadataKey, thumbnail, None)).ShouldBe(componentId);
    }

    [Fact]
    public async Task CopyAsync_FileGoneInAyon_ReturnsNullAndCreatesNothing()
    {
        await using var ftrack = await FtrackTestHarness.StartAsync();
        await using var ayon = await AyonSide.StartAsync();
        var gone = Guid.NewGuid().ToString("N");

        var componentId = await FtrackUpload.CopyAsync(t => ayon.Api.GetProjectFileAsync(Project, gone, t), "file", ftrack.Session, "ftrackreview-mp4", "a.mp4", null, [KeyValuePair.Create(PushReviewable.MetadataKey, gone)], None);

        componentId.ShouldBeNull();
        ftrack.Emulator.QueryLocal("select id from FileComponent where name is \"ftrackreview-mp4\"").ShouldBeEmpty();
    }

    [Fact]
    public async Task GetThumbnailAsync_MissingThumbnail_PlaceholderByDefaultNotFoundWithNone()
    {
        await using var ayon = await AyonSide.StartAsync();
        var missing = Guid.NewGuid().ToString("N");

        using var placeholder = await ayon.Api.GetThumbnailAsync(Project, missing, null, None);
        using var none = await ayon.Api.GetThumbnailAsync(Project, missing, "none", None);

        placeholder.StatusCode.ShouldBe(HttpStatusCode.NonAuthoritativeInformation);
        placeholder.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await placeholder.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(0);
        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutThumbnailAsync_ThenGet_ReturnsTheStoredImage()
    {
        await using var ayon = await AyonSide.StartAsync();
        var id = Guid.NewGuid().ToString("N");
        using var image = new ByteArrayContent(MediaSamples.Jpeg(20, 10));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        (await ayon.Api.PutThumbnailAsync(Project, id, image, None)).Id.ShouldBe(id);
        using var response = await ayon.Api.GetThumbnailAsync(Project, id, "none", None);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(MediaSamples.Jpeg(20, 10));
    }

    [Fact]
    public async Task UploadProjectFileAsync_ThenGetAndDelete_RoundTrips()
    {
        await using var ayon = await AyonSide.StartAsync();
        using var content = new ByteArrayContent(MediaSamples.Png(2, 2));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        var created = await ayon.Api.UploadProjectFileAsync(Project, "shot.png", content, None);
        using (var response = await ayon.Api.GetProjectFileAsync(Project, created.Id, None))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("shot.png");
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(MediaSamples.Png(2, 2));
        }

        await ayon.Api.DeleteProjectFileAsync(Project, created.Id, None);
        using var gone = await ayon.Api.GetProjectFileAsync(Project, created.Id, None);
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UploadReviewableAsync_Mp4_ProbedListedAndEventEmitted()
    {
        await using var ayon = await AyonSide.StartAsync();
        var folder = await ayon.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, None);
        var product = await ayon.Emulator.AddProductAsync(Project, folder, "renderMain", "render", None);
        var version = await ayon.Emulator.AddVersionAsync(Project, product, 1, null, None);
        using var content = new ByteArrayContent(MediaSamples.Mp4(1920, 1080, 24, 48));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");

        var reviewable = await ayon.Api.UploadReviewableAsync(Project, version, "review", "sh010_v001.mp4", content, None);

        reviewable.Mimetype.ShouldBe("video/mp4");
        reviewable.MediaInfo!["width"]!.GetValue<int>().ShouldBe(1920);
        reviewable.MediaInfo["height"]!.GetValue<int>().ShouldBe(1080);
        reviewable.MediaInfo["frameRate"]!.GetValue<double>().ShouldBe(24);
        reviewable.MediaInfo["duration"]!.GetValue<double>().ShouldBe(2);
        reviewable.MediaInfo["codec"]!.GetValue<string>().ShouldBe("h264");
        var listed = (await ayon.Api.GetVersionReviewablesAsync(Project, version, None)).Content!;
        listed.Reviewables.ShouldHaveSingleItem().FileId.ShouldBe(reviewable.FileId);
        (await ayon.Emulator.GetProjectFileAsync(Project, reviewable.FileId, None)).ShouldBe(MediaSamples.Mp4(1920, 1080, 24, 48));
        var created = (await ayon.Emulator.GetEventsAsync("reviewable.created", None)).ShouldHaveSingleItem();
        created.Summary["fileId"]!.GetValue<string>().ShouldBe(reviewable.FileId);
        created.Summary["versionId"]!.GetValue<string>().ShouldBe(version);
        created.Summary["productId"]!.GetValue<string>().ShouldBe(product);
        created.Summary["filename"]!.GetValue<string>().ShouldBe("sh010_v001.mp4");
        created.Summary["mimetype"]!.GetValue<string>().ShouldBe("video/mp4");
    }

    [Fact]
    public async Task UploadReviewableAsync_UnreadableMedia_RefusedWith400()
    {
        await using var ayon = await AyonSide.StartAsync();
        var folder = await ayon.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, None);
        var product = await ayon.Emulator.AddProductAsync(Project, folder, "renderMain", "render", None);
        var version = await ayon.Emulator.AddVersionAsync(Project, product, 1, null, None);
        using var content = new ByteArrayContent([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");

        var error = await Should.ThrowAsync<Refit.ApiException>(() => ayon.Api.UploadReviewableAsync(Project, version, null, "broken.mp4", content, None));

        error.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ayon.Emulator.GetEventsAsync("reviewable.created", None)).ShouldBeEmpty();
    }
}
