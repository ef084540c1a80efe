using System.Globalization;
using System.Text;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>Event counts per topic in AYON (the product's queues and AYON's entity changes) and the services' log levels.</summary>
public sealed record DemoCounts(IReadOnlyDictionary<string, int> Topics, IReadOnlyDictionary<string, int> JobStates, int Warnings, int Errors)
{
    /// <summary>How many events of <paramref name="topic"/>.</summary>
    public int Of(string topic) => Topics.GetValueOrDefault(topic);

    /// <summary>Jobs of <paramref name="topic"/> in <paramref name="status"/>.</summary>
    public int Jobs(string topic, string status) => JobStates.GetValueOrDefault(topic + ":" + status);

    /// <summary>Jobs of the two job topics that are not finished or failed yet.</summary>
    public int Unsettled => JobStates.Where(j => !j.Key.EndsWith(":finished", StringComparison.Ordinal) && !j.Key.EndsWith(":failed", StringComparison.Ordinal)).Sum(j => j.Value);

    /// <summary>All <c>entity.*</c> and <c>entity_list.*</c> events.</summary>
    public int EntityEvents => Topics.Where(t => t.Key.StartsWith("entity", StringComparison.Ordinal)).Sum(t => t.Value);

    /// <summary>One line: the product's topics with their job states, entity changes and log warnings/errors.</summary>
    public string Line()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"ftrack.leech {Of("ftrack.leech")}");
        foreach (var topic in new[] { "ftrack.proc", "ftrack.sync" })
        {
            line.Append(CultureInfo.InvariantCulture, $" | {topic} {Of(topic)}");
            var failed = Jobs(topic, "failed");
            var open = Of(topic) - Jobs(topic, "finished") - failed;
            if (open > 0 || failed > 0)
            {
                line.Append(CultureInfo.InvariantCulture, $" ({open} open, {failed} failed)");
            }
        }

        line.Append(CultureInfo.InvariantCulture, $" | ftrack.sync.comments {Of("ftrack.sync.comments")} | entity.* {EntityEvents}");
        if (Warnings > 0 || Errors > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" | log {Warnings} warn, {Errors} err");
        }

        return line.ToString();
    }

    /// <summary>Reads the counts from the AYON emulator's store (and the log levels from <paramref name="log"/>, when given).</summary>
    public static async Task<DemoCounts> ReadAsync(AyonEmulator ayon, DemoLogFile? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        var events = await ayon.GetEventsAsync(null, cancellationToken);
        var topics = events.GroupBy(e => e.Topic, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var jobs = events.Where(e => e.Topic is "ftrack.proc" or "ftrack.sync")
            .GroupBy(e => e.Topic + ":" + e.Status, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new DemoCounts(topics, jobs, log?.Warnings ?? 0, log?.Errors ?? 0);
    }
}
