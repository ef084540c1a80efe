using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Benchmarks.Support;
using AyonFtrack.Features.Common;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Benchmarks.Scenarios;

/// <summary>
/// Issue #3, ftrack event hub: N events published by the emulator's fake web client to a subscriber on the real
/// <see cref="Features.Ftrack.EventHub.FtrackEventHub"/> (delivered events/s, publish→handler latency), then
/// publish-and-wait-for-reply round trips between two real hub clients (round trips/s).
/// </summary>
public sealed class FtrackHubScenario : IScenario
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public string Name => "ftrack-hub";

    public string Description => "N web-client events to a real FtrackEventHub subscriber, then publish-and-wait-for-reply round trips between two clients";

    public async Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken)
    {
        var count = events ?? 10_000;
        var roundTrips = Math.Max(100, count / 10);
        await using var ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions(), new FtrackHubServerOptions(), cancellationToken);
        var hub = ftrack.RequiredHub;
        await using var subscriber = Clients.Hub(ftrack);
        await using var caller = Clients.Hub(ftrack);

        var latencies = new double[count];
        var delivered = 0;
        var lastDelivery = 0L;
        var allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.StartAsync(cancellationToken);
        await caller.StartAsync(cancellationToken);
        await subscriber.WaitUntilConnectedAsync(cancellationToken).WaitAsync(Deadline, cancellationToken);
        await caller.WaitUntilConnectedAsync(cancellationToken).WaitAsync(Deadline, cancellationToken);
        await subscriber.SubscribeAsync("topic=bench.hub", (e, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            var n = e.Data.GetProperty("n").GetInt32();
            latencies[n] = Stopwatch.GetElapsedTime(e.Data.GetProperty("t").GetInt64(), now).TotalMilliseconds;
            Volatile.Write(ref lastDelivery, now);
            if (Interlocked.Increment(ref delivered) == count)
            {
                allDelivered.TrySetResult();
            }

            return Task.FromResult<JsonNode?>(null);
        }, null, cancellationToken);
        await subscriber.SubscribeAsync("topic=bench.rpc", (e, _) =>
            Task.FromResult<JsonNode?>(new JsonObject { ["echo"] = e.Data.GetProperty("n").GetInt32() }), null, cancellationToken);

        var connectionsBefore = hub.TotalConnections;
        var first = Stopwatch.GetTimestamp();
        for (var n = 0; n < count; n++)
        {
            hub.PublishAsWebClient("bench.hub", new JsonObject { ["n"] = n, ["t"] = Stopwatch.GetTimestamp() });
        }

        var published = Stopwatch.GetElapsedTime(first);
        Progress.Say($"published {count} events as the web client in {published.TotalSeconds:0.00} s; waiting for delivery");
        try
        {
            await allDelivered.Task.WaitAsync(Deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The subscriber got {Volatile.Read(ref delivered)} of {count} events within {Deadline.TotalSeconds} s.");
        }

        var deliverySeconds = Stopwatch.GetElapsedTime(first, Volatile.Read(ref lastDelivery));

        var rpc = new List<double>(roundTrips);
        var rpcClock = Stopwatch.StartNew();
        for (var n = 0; n < roundTrips; n++)
        {
            var started = Stopwatch.GetTimestamp();
            var reply = await caller.PublishAndWaitForReplyAsync(
                FtrackEvent.Create(Guid.NewGuid().ToString(), "bench.rpc", new JsonObject { ["n"] = n }), TimeSpan.FromSeconds(30), cancellationToken);
            rpc.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (reply.Data.GetProperty("echo").GetInt32() != n)
            {
                throw new InvalidOperationException($"Round trip {n} got the reply to another event.");
            }
        }

        rpcClock.Stop();
        if (hub.TotalConnections != connectionsBefore)
        {
            throw new InvalidOperationException("A hub client reconnected during the run; the figures would include a reconnect.");
        }

        await caller.StopAsync(cancellationToken);
        await subscriber.StopAsync(cancellationToken);
        return new BenchResult(
            Name,
            count,
            Measure.Rate(count, deliverySeconds),
            Measure.Percentile(latencies, 50),
            Measure.Percentile(latencies, 99),
            null,
            null,
            Measure.PeakWorkingSetMb(Process.GetCurrentProcess()))
        {
            Notes = new Dictionary<string, string>
            {
                ["publish_seconds"] = published.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["delivery_seconds"] = deliverySeconds.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ["latency_is"] = "publish→handler while all N are published in one burst (queueing included)",
                ["round_trips"] = roundTrips.ToString(CultureInfo.InvariantCulture),
                ["round_trips_per_second"] = Measure.Rate(roundTrips, rpcClock.Elapsed).ToString(CultureInfo.InvariantCulture),
                ["round_trip_p50_ms"] = Measure.Percentile(rpc, 50)?.ToString(CultureInfo.InvariantCulture) ?? "n/a",
                ["round_trip_p99_ms"] = Measure.Percentile(rpc, 99)?.ToString(CultureInfo.InvariantCulture) ?? "n/a",
                ["peak_working_set_is"] = "the harness process (emulator hub and both clients in one process)",
            },
        };
    }
}
