using System.Net;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Refit;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>Retries of idempotent calls with backoff, no retries of POST, against injected faults.</summary>
public sealed class AyonClientResilienceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Get_Injected503Twice_RetriesAndSucceeds()
    {
        await using var host = await AyonTestHost.StartAsync();
        var fault = host.Emulator.InjectFault(new AyonFault { Method = "GET", PathPrefix = "/api/info", StatusCode = 503, Times = 2 });

        var info = await host.Client().GetInfoAsync(Ct);

        info.Version.ShouldBe("1.16.0");
        fault.Hits.ShouldBe(2);
        host.Emulator.RequestCount("GET", "/api/info").ShouldBe(3);
    }

    [Fact]
    public async Task Get_ConnectionDropped_Retries()
    {
        await using var host = await AyonTestHost.StartAsync();
        host.Emulator.InjectFault(new AyonFault { PathPrefix = "/api/users/me", Abort = true, Times = 1 });

        (await host.Client().GetCurrentUserAsync(Ct)).Name.ShouldBe("service");
        host.Emulator.RequestCount("GET", "/api/users/me").ShouldBe(2);
    }

    [Fact]
    public async Task Get_PersistentFailure_GivesUpAfterRetryCount()
    {
        await using var host = await AyonTestHost.StartAsync();
        host.Emulator.InjectFault(new AyonFault { PathPrefix = "/api/info", StatusCode = 502 });

        var ex = await Should.ThrowAsync<ApiException>(() => host.Client(retryCount: 2).GetInfoAsync(Ct));

        ex.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        host.Emulator.RequestCount("GET", "/api/info").ShouldBe(3);
    }

    [Fact]
    public async Task Post_Injected503_IsNotRetried()
    {
        await using var host = await AyonTestHost.StartAsync();
        host.Emulator.InjectFault(new AyonFault { Method = "POST", PathPrefix = "/api/events", StatusCode = 503, Times = 1 });

        var ex = await Should.ThrowAsync<ApiException>(() => host.Client().DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech" }, Ct));

        ex.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        host.Emulator.RequestCount("POST", "/api/events").ShouldBe(1);
        (await host.Emulator.GetEventsAsync(null, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Enroll_Injected503_IsNoJobAndNotRetried()
    {
        await using var host = await AyonTestHost.StartAsync();
        host.Emulator.InjectFault(new AyonFault { Method = "POST", PathPrefix = "/api/enroll", StatusCode = 503 });

        var job = await host.Client().EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc" }, Ct);

        job.ShouldBeNull();
        host.Emulator.RequestCount("POST", "/api/enroll").ShouldBe(1);
    }

    [Fact]
    public async Task Patch_Injected504_IsRetried()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var id = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech" }, Ct)).Id!;
        host.Emulator.InjectFault(new AyonFault { Method = "PATCH", PathPrefix = "/api/events/", StatusCode = 504, Times = 1 });

        await api.UpdateEventAsync(id, new UpdateEventRequest { Status = "failed" }, Ct);

        (await api.GetEventAsync(id, Ct)).Status.ShouldBe("failed");
        host.Emulator.RequestCount("PATCH", "/api/events/").ShouldBe(2);
    }
}
