using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Integration.Tests.Telemetry;

/// <summary>Issue 21: the optional health listener of a real processor over the emulators.</summary>
[Collection(TelemetryTestGroup.Name)]
public sealed class HealthEndpointTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
    }

    [Fact]
    public async Task Processor_HealthPort_ServesAliveReadyAndPrometheusMetricsOnLoopback()
    {
        var port = FreePort();
        await using var world = await ServiceWorld.StartAsync();
        await using var processor = await InProcessProcessor.StartAsync(
            world, [new TelemetrySlicesModule()], "--Health:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Health:ReadyCacheFor", "00:00:00");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

        (HttpStatusCode, string) alive = (0, "");
        await ServiceWorld.WaitUntilAsync(async () => (alive = await GetAsync(http, "healthz")).Item1 == HttpStatusCode.OK, ProcessorHarness.Deadline, "/healthz", () => Task.FromResult(alive.Item2));
        (HttpStatusCode Status, string Body) ready = (0, "");
        await ServiceWorld.WaitUntilAsync(async () => (ready = await GetAsync(http, "readyz")).Status == HttpStatusCode.OK, ProcessorHarness.Deadline, "/readyz 200", () => Task.FromResult(ready.Body));
        var source = await ProcessorHarness.StoreAsync(world, TelemetrySlicesModule.Topic);
        await ProcessorHarness.WaitForJobsAsync(world, [source], j => j.Status == "finished");
        (HttpStatusCode Status, string Body) metrics = (0, "");
        await ServiceWorld.WaitUntilAsync(
            async () => (metrics = await GetAsync(http, "metrics")).Status == HttpStatusCode.OK && metrics.Body.Contains("ayon_ftrack_jobs", StringComparison.Ordinal),
            ProcessorHarness.Deadline,
            "/metrics with the jobs counter",
            () => Task.FromResult($"{metrics.Status} {metrics.Body}"));

        var outage = world.Ayon.InjectFault(new AyonFault { PathPrefix = "/api/info", StatusCode = 503 });
        var notReady = await GetAsync(http, "readyz");
        world.Ayon.RemoveFault(outage);

        using var readyJson = JsonDocument.Parse(ready.Body);
        using var notReadyJson = JsonDocument.Parse(notReady.Body);
        alive.ShouldSatisfyAllConditions(
            () => alive.Item2.ShouldBe("ok\n"),
            () => readyJson.RootElement.GetProperty("status").GetString().ShouldBe("ready"),
            () => readyJson.RootElement.GetProperty("checks").GetProperty("ayon").GetProperty("ok").GetBoolean().ShouldBeTrue(),
            () => readyJson.RootElement.GetProperty("checks").GetProperty("ftrack").GetProperty("ok").GetBoolean().ShouldBeTrue(),
            () => notReady.Status.ShouldBe(HttpStatusCode.ServiceUnavailable),
            () => notReadyJson.RootElement.GetProperty("checks").GetProperty("ayon").GetProperty("ok").GetBoolean().ShouldBeFalse(),
            () => notReadyJson.RootElement.GetProperty("checks").GetProperty("ftrack").GetProperty("ok").GetBoolean().ShouldBeTrue(),
            () => metrics.Body.ShouldContain("ayon_ftrack_jobs_total{"),
            () => metrics.Body.ShouldContain("service=\"processor\""),
            () => ready.Body.ShouldNotContain(world.Ftrack.ApiKey),
            () => ready.Body.ShouldNotContain("@"));
    }
}
