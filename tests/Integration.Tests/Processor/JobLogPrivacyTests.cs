using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>
/// Issue 14 (6): no personal data in logs. The leecher describes a stored event as the original does
/// ("Leeched &lt;topic&gt; by &lt;username&gt;", and ftrack usernames are often e-mail addresses); the processor's
/// job lines name the job and its source event by id, never by that description.
/// </summary>
public sealed class JobLogPrivacyTests
{
    [Fact]
    public async Task Processor_JobOfAUsersEventFails_LogLinesNameIdsNotTheUsername()
    {
        const string username = "jane.doe@studio.test";
        await using var world = await ServiceWorld.StartAsync();
        var ftrackEvent = FtrackEvent.Create("ft-private", "test.fail", new JsonObject(), new JsonObject { ["user"] = new JsonObject { ["username"] = username, ["id"] = "user-7" } });
        var source = await world.Ayon.InsertEventAsync(new AyonEventInsert
        {
            Topic = "ftrack.leech",
            Hash = "ft-private",
            Sender = "ftrack-leecher",
            Description = $"Leeched test.fail by {username}",
            Payload = ftrackEvent.ToAyonPayload(),
        }, CancellationToken.None);

        await using var processor = await InProcessProcessor.StartAsync(
            world, [new TestSlicesModule()], builder => builder.Logging.AddFakeLogging(), "--Processor:MaxRetries", "0");
        await ProcessorHarness.WaitForJobsAsync(world, [source], j => j.Status == "failed" && j.Retries > 0);

        var records = processor.Services.GetFakeLogCollector().GetSnapshot();
        records.ShouldContain(r => r.Level == LogLevel.Error && r.Message.Contains(source, StringComparison.Ordinal) && r.Message.Contains("refused ft-private", StringComparison.Ordinal));
        records.ShouldNotContain(r => r.Message.Contains("jane", StringComparison.OrdinalIgnoreCase), string.Join('\n', records.Select(r => r.Message)));
    }
}
