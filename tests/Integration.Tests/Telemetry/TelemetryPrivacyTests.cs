using System.Diagnostics;
using System.Text.RegularExpressions;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host;
using AyonFtrack.Sandbox.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace AyonFtrack.Integration.Tests.Telemetry;

/// <summary>
/// Issue 21: no attribute holds a key, a token or an e-mail address. The demo's whole scenario (ftrack changes,
/// AYON changes, comments, a delete) runs through the real leecher, processor and transmitter over the emulators, and
/// every span and metric point they exported is searched for the keys in play and for anything shaped like an e-mail
/// (the demo's ftrack usernames are e-mail addresses).
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed partial class TelemetryPrivacyTests
{
    [Fact]
    public async Task Services_DemoScenarioEndToEnd_NoExportedAttributeHoldsAKeyOrAnEmail()
    {
        var folder = Directory.CreateTempSubdirectory("ayon-ftrack-otel-").FullName;
        var telemetry = new InMemoryTelemetry();
        var hosts = new List<IHost>();
        var world = await DemoWorld.StartAsync(folder, 0, 0, CancellationToken.None);
        try
        {
            foreach (var (name, mode) in new[] { ("ftrack-leecher", HostMode.Leecher), ("ftrack-processor", HostMode.Processor), ("ftrack-transmitter", HostMode.Transmitter) })
            {
                var builder = Composition.CreateBuilder([.. DemoServices.FastTimers, "--Logging:LogLevel:Default", "Warning", .. InMemoryTelemetry.Args], world.Environment(name));
                builder.Logging.ClearProviders();
                builder.AddAyonFtrack(mode);
                telemetry.AttachTo(builder);
                var host = builder.Build();
                hosts.Add(host);
                await host.StartAsync();
            }

            await using (var people = DemoClients.Create(world))
            {
                foreach (var step in new DemoScenario(world, people).Steps())
                {
                    await step.Act(CancellationToken.None);
                    await Support.ServiceWorld.WaitUntilAsync(() => step.Arrived(CancellationToken.None), TimeSpan.FromMinutes(2), step.Title, () => step.Describe(CancellationToken.None));
                }
            }

            // Every event the leecher took in is stored in AYON: the spool is empty and in equals out (metrics of all three
            // services reach each host's exporter: the meter is the process's).
            long Sum(string name, params (string, string)[] tags) => telemetry.Points(name, tags).Sum(p => p.GetSumLong());
            await Support.ServiceWorld.WaitUntilAsync(
                () =>
                {
                    foreach (var host in hosts)
                    {
                        InMemoryTelemetry.Flush(host.Services);
                    }

                    return Task.FromResult(
                        Sum("ayon_ftrack.events.in", ("service", "leecher")) is > 0 and var stored
                        && Sum("ayon_ftrack.events.out", ("service", "leecher"), ("outcome", "stored")) == stored
                        && telemetry.Points("ayon_ftrack.spool.depth", ("service", "leecher")) is [var depth] && depth.GetGaugeLastValueLong() == 0);
                },
                TimeSpan.FromMinutes(2),
                "the leecher's spool drained, in the metrics",
                () => Task.FromResult($"in {Sum("ayon_ftrack.events.in", ("service", "leecher"))}, stored {Sum("ayon_ftrack.events.out", ("service", "leecher"), ("outcome", "stored"))}"));

            string[] secrets =
            [
                world.Ayon.ServiceApiKey, world.Ftrack.ApiKey, world.Show.Supervisor.ApiKey, world.Show.Artist.ApiKey,
                world.Ftrack.ApiUser, DemoShow.ArtistEmail,
            ];
            var spans = telemetry.Spans.Snapshot();
            var metrics = telemetry.Metrics.Snapshot();
            var texts = spans.SelectMany(SpanTexts).Concat(metrics.SelectMany(MetricTexts)).ToList();

            spans.ShouldSatisfyAllConditions(
                () => spans.ShouldContain(s => s.DisplayName.StartsWith("job ", StringComparison.Ordinal) && s.GetTagItem(EventTelemetry.FtrackEventIdTag) != null, "processor jobs"),
                () => spans.ShouldContain(s => s.DisplayName == "Leech.StoreFtrackEvent", "the leecher's slice"),
                () => spans.ShouldContain(s => s.Kind == ActivityKind.Client, "HTTP requests"),
                () => metrics.ShouldContain(m => m.Name == "ayon_ftrack.events.in"),
                () => Sum("ayon_ftrack.jobs", ("service", "processor"), ("outcome", "finished")).ShouldBeGreaterThan(0),
                () => Sum("ayon_ftrack.jobs", ("service", "transmitter"), ("outcome", "finished")).ShouldBeGreaterThan(0),
                () => Sum("ayon_ftrack.events.in", ("service", "processor")).ShouldBeGreaterThan(0),
                () => telemetry.Points("ayon_ftrack.hub.reconnects", ("service", "leecher")).ShouldHaveSingleItem().GetSumLong().ShouldBe(0),
                () => telemetry.Points("ayon_ftrack.queue.lag", ("service", "processor")).ShouldHaveSingleItem(),
                () => texts.Where(t => secrets.Any(s => s.Length > 0 && t.Contains(s, StringComparison.OrdinalIgnoreCase))).ShouldBeEmpty(),
                () => texts.Where(t => Email().IsMatch(t)).ShouldBeEmpty());
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }

            await world.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file may still be held for a moment; the temp folder is cleaned by the OS later.
            }
        }
    }

    private static IEnumerable<string> SpanTexts(Activity span)
    {
        yield return $"span {span.DisplayName} / {span.OperationName} / {span.StatusDescription}";
        foreach (var (key, value) in span.TagObjects)
        {
            yield return $"span {span.DisplayName} tag {key}={value}";
        }

        foreach (var item in span.Events)
        {
            yield return $"span {span.DisplayName} event {item.Name}";
            foreach (var (key, value) in item.Tags)
            {
                yield return $"span {span.DisplayName} event {item.Name} {key}={value}";
            }
        }

        foreach (var (key, value) in span.Baggage)
        {
            yield return $"span {span.DisplayName} baggage {key}={value}";
        }
    }

    private static IEnumerable<string> MetricTexts(MetricSnapshot metric)
    {
        yield return $"metric {metric.Name} {metric.Description} {metric.Unit}";
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                yield return $"metric {metric.Name} tag {tag.Key}={tag.Value}";
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();
}
