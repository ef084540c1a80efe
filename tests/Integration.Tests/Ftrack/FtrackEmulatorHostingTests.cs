using AyonFtrack.Features.Ftrack;
using AyonFtrack.Sandbox.Ftrack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>How the emulator is hosted: loopback only, free port, extra endpoints on the same app, injected clock.</summary>
public sealed class FtrackEmulatorHostingTests
{
    [Fact]
    public async Task StartAsync_PortZero_BindsAFreeLoopbackPortAndMapsExtraEndpoints()
    {
        await using var emulator = await FtrackEmulator.StartAsync(
            new FtrackEmulatorOptions { MapExtraEndpoints = endpoints => endpoints.MapGet("/extra", () => Results.Text("hub here")) },
            CancellationToken.None);
        using var http = new HttpClient();

        var extra = await http.GetStringAsync(new Uri(emulator.BaseUrl, "extra"));

        emulator.BaseUrl.Host.ShouldBe("127.0.0.1");
        emulator.BaseUrl.Port.ShouldBeGreaterThan(0);
        extra.ShouldBe("hub here");
        emulator.ApiUser.ShouldBe("ayon.service");
        emulator.ApiKey.Length.ShouldBeGreaterThanOrEqualTo(32);
        emulator.IsValidApiKey(emulator.ApiUser, emulator.ApiKey).ShouldBeTrue();
        emulator.IsValidApiKey(emulator.ApiUser, emulator.ApiKey + "x").ShouldBeFalse();
        var artist = emulator.AddUser("artist", apiKey: "artist-key");
        emulator.IsValidApiKey("artist", "artist-key").ShouldBeTrue();
        artist.ToString().ShouldNotContain("artist-key");
        $"{artist with { Username = "other" }}".ShouldNotContain("artist-key");
    }

    [Fact]
    public async Task Create_ServerFilledDates_ComeFromTheInjectedClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 11, 12, TimeSpan.Zero));
        await using var emulator = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions { TimeProvider = clock }, CancellationToken.None);
        var services = new ServiceCollection().AddFtrackClient().BuildServiceProvider();
        await using var disposeServices = services;
        services.GetRequiredService<FtrackConnection>().Use(new FtrackCredentials(emulator.BaseUrl, emulator.ApiUser, emulator.ApiKey));
        using var scope = services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        var project = emulator.AddProject("clock");
        clock.Advance(TimeSpan.FromHours(1));

        var note = session.Create("Note", new Dictionary<string, object?> { ["content"] = "hi", ["parent_id"] = project, ["parent_type"] = "Project" });
        await session.CommitAsync(CancellationToken.None);
        var stored = FtrackNote.From((await session.GetAsync("Note", note.Id, ["date", "user_id", "content"], CancellationToken.None))!);

        stored.Date.ShouldBe(new DateTimeOffset(2025, 3, 4, 11, 11, 12, TimeSpan.Zero));
        stored.UserId.ShouldBe(emulator.ApiUserId);
        emulator.QueryLocal($"select created_at from Project where id is \"{project}\"")[0]!["created_at"]!["value"]!.GetValue<string>()
            .ShouldBe("2025-03-04T10:11:12");
    }
}
