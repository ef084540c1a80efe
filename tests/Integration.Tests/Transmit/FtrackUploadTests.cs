using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Integration.Tests.Ftrack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// The thumbnail/reviewable copy (AYON file → ftrack.server component) through the real clients: the ftrack side is the
/// ftrack emulator; the AYON emulator does not serve file or thumbnail downloads, so a one-route loopback server stands
/// in for <c>GET /api/projects/{p}/thumbnails/{id}</c>.
/// </summary>
public sealed class FtrackUploadTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private sealed class AyonFiles : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ServiceProvider _client;

        private AyonFiles(WebApplication app, ServiceProvider client)
        {
            _app = app;
            _client = client;
            Api = client.GetRequiredService<IAyonApi>();
        }

        public IAyonApi Api { get; }

        public static async Task<AyonFiles> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            app.MapGet("/api/projects/demo/thumbnails/thumb-1", () => Results.Bytes(Png, "image/png"));
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ayon:ServerUrl"] = url,
                ["Ayon:ApiKey"] = "files-test-key",
                ["Ayon:AddonName"] = "ftrack",
                ["Ayon:AddonVersion"] = "1.6.4",
                ["Ayon:ServiceName"] = "ftrack-transmitter",
                ["Ayon:RetryCount"] = "0",
            }).Build());
            services.AddLogging();
            services.AddAyonClient();
            return new AyonFiles(app, services.BuildServiceProvider());
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task CopyAsync_AyonThumbnail_StoredInServerLocationAndFoundByItsAyonId()
    {
        await using var ftrack = await FtrackTestHarness.StartAsync();
        await using var ayon = await AyonFiles.StartAsync();
        var source = KeyValuePair.Create(PushThumbnail.MetadataKey, "thumb-1");

        var componentId = await FtrackUpload.CopyAsync(ayon.Api, ftrack.Session, "api/projects/demo/thumbnails/thumb-1", "thumbnail", "thumbnail.png", null, source, CancellationToken.None);

        componentId.ShouldNotBeNull();
        ftrack.Emulator.GetUploadedFile(componentId).ShouldBe(Png);
        var component = ftrack.Emulator.GetEntity("FileComponent", componentId)!;
        component["name"]!.GetValue<string>().ShouldBe("thumbnail");
        component["file_type"]!.GetValue<string>().ShouldBe(".png");
        ftrack.Emulator.QueryLocal($"select location_id from ComponentLocation where component_id is \"{componentId}\"")
            .ShouldHaveSingleItem()!["location_id"]!.GetValue<string>().ShouldBe(FtrackUpload.ServerLocationId);
        (await FtrackUpload.FindComponentAsync(ftrack.NewSession(), PushThumbnail.MetadataKey, "thumb-1", CancellationToken.None)).ShouldBe(componentId);
    }

    [Fact]
    public async Task CopyAsync_FileGoneInAyon_ReturnsNullAndCreatesNothing()
    {
        await using var ftrack = await FtrackTestHarness.StartAsync();
        await using var ayon = await AyonFiles.StartAsync();

        var componentId = await FtrackUpload.CopyAsync(ayon.Api, ftrack.Session, "api/projects/demo/files/gone", "ftrackreview-mp4", "a.mp4", null, KeyValuePair.Create(PushReviewable.MetadataKey, "gone"), CancellationToken.None);

        componentId.ShouldBeNull();
        ftrack.Emulator.QueryLocal("select id from FileComponent where name is \"ftrackreview-mp4\"").ShouldBeEmpty();
    }
}
