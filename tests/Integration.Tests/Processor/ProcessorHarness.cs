using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>Seeding and reading for processor tests, and an in-process processor host for tests that add their own slices.</summary>
public static class ProcessorHarness
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    /// <summary>The processor's command-line overrides that keep tests quick (short idle wait and AYON backoff).</summary>
    public static readonly string[] FastArgs =
    [
        "--Processor:IdleDelay", "00:00:00.050",
        "--Service:MaxRetryDelay", "00:00:01",
        "--Service:SettingsRetryDelay", "00:00:01",
    ];

    /// <summary>Stores an ftrack event as the leecher would (<c>ftrack.leech</c>, hash = ftrack id, snake_case payload); returns the AYON event id.</summary>
    public static Task<string> StoreAsync(ServiceWorld world, string topic, JsonObject? data = null, string? ftrackId = null, JsonObject? source = null)
    {
        var id = ftrackId ?? Guid.NewGuid().ToString("N");
        var ftrackEvent = FtrackEvent.Create(id, topic, data ?? [], source ?? new JsonObject { ["user"] = new JsonObject { ["username"] = "jane", ["id"] = "jane-id" } });
        return world.Ayon.InsertEventAsync(new AyonEventInsert
        {
            Topic = "ftrack.leech",
            Hash = id,
            Sender = "ftrack-leecher",
            Description = $"Leeched {topic}",
            Payload = ftrackEvent.ToAyonPayload(),
        }, CancellationToken.None);
    }

    /// <summary>The <c>ftrack.proc</c> jobs, in creation order.</summary>
    public static async Task<List<AyonEventRow>> JobsAsync(ServiceWorld world) =>
        [.. (await world.Ayon.GetEventsAsync("ftrack.proc", CancellationToken.None)).OrderBy(e => e.CreationOrder)];

    /// <summary>Waits until every source in <paramref name="sourceIds"/> has a job that ended (finished, or failed beyond its retries).</summary>
    public static Task WaitForJobsAsync(ServiceWorld world, IReadOnlyCollection<string> sourceIds, Func<AyonEventRow, bool> ended, Func<IReadOnlyList<string>>? output = null) =>
        ServiceWorld.WaitUntilAsync(
            async () =>
            {
                var jobs = await JobsAsync(world);
                return sourceIds.All(id => jobs.Any(j => j.DependsOn == id && ended(j)));
            },
            Deadline,
            $"{sourceIds.Count} processed jobs",
            async () =>
            {
                var jobs = await JobsAsync(world);
                return $"{jobs.Count} jobs: {string.Join(", ", jobs.GroupBy(j => j.Status).Select(g => $"{g.Count()} {g.Key}"))}; last: {jobs.LastOrDefault()?.Description}\n{string.Join('\n', output?.Invoke().TakeLast(30) ?? [])}";
            });
}

/// <summary>What the test slices saw, in order (a singleton of the in-process host).</summary>
public sealed class ProcessorProbe
{
    private readonly ConcurrentQueue<string> _runs = new();

    public IReadOnlyList<string> Runs => [.. _runs];

    public void Record(string eventId) => _runs.Enqueue(eventId);

    public int RunsOf(string eventId) => _runs.Count(r => r == eventId);

    /// <summary>Completed when a <c>test.slow</c> event's slice has started.</summary>
    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A <c>test.slow</c> event's slice finishes when this is completed.</summary>
    public TaskCompletionSource SlowGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The real processor composition, run in this test process with extra slice modules.</summary>
public sealed class InProcessProcessor : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessProcessor(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public ProcessorProbe Probe => _host.Services.GetRequiredService<ProcessorProbe>();

    /// <summary>Asks the host to stop (as SIGTERM does) and returns the stop's task.</summary>
    public Task StopAsync() => _host.StopAsync(CancellationToken.None);

    public static Task<InProcessProcessor> StartAsync(ServiceWorld world, IEnumerable<ISliceModule> modules, params string[] args) =>
        StartAsync(world, modules, null, args);

    /// <summary>Starts the processor; <paramref name="configure"/> adds to the host (e.g. a log collector) before it is built.</summary>
    public static async Task<InProcessProcessor> StartAsync(ServiceWorld world, IEnumerable<ISliceModule> modules, Action<HostApplicationBuilder>? configure, params string[] args)
    {
        var builder = Composition.CreateBuilder(
            [.. ProcessorHarness.FastArgs, "--Logging:LogLevel:Default", "Warning", .. args],
            world.Environment("ftrack-processor"));
        builder.AddAyonFtrack(HostMode.Processor, modules);
        builder.Services.AddSingleton<ProcessorProbe>();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessProcessor(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
