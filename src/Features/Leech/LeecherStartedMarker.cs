using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Leech;

/// <summary>
/// The "leecher started" marker (L-02): after every hub (re)connect the leecher stores an <c>ftrack.leech</c> event whose
/// payload is the ftrack event <c>ayon.ftrack.leecher.started.ynternal</c>, which makes the processor resync auto-sync
/// projects, unless an earlier marker has no processing job yet (then one resync is already due).
/// The marker goes through the spool, so it keeps its place among the events. The leecher's worker decides when to ask
/// (the first connect at once, a reconnect after <c>Leecher:ResyncDebounce</c> of quiet).
/// </summary>
public sealed class LeecherStartedMarker(ILeechSpool spool, IAyonApi ayon)
{
    /// <summary>The marker's topic (the typo is the original's and is kept for wire compatibility).</summary>
    public const string Topic = "ayon.ftrack.leecher.started.ynternal";

    /// <summary>Stores a marker unless one is still pending. Returns true when it stored one.</summary>
    public async Task<bool> StoreUnlessPendingAsync(string username, string userId, CancellationToken cancellationToken)
    {
        if (await IsPendingAsync(cancellationToken))
        {
            return false;
        }

        var marker = FtrackEvent.Create(
            Guid.NewGuid().ToString("N"),
            Topic,
            new JsonObject(),
            new JsonObject { ["user"] = new JsonObject { ["username"] = username, ["id"] = userId } });
        await spool.AppendAsync(marker.Id, Topic, Topic, marker.ToAyonPayload().ToJsonString(), cancellationToken);
        return true;
    }

    /// <summary>True when a marker waits in the spool, or the newest stored marker has no <c>ftrack.proc</c> job yet.</summary>
    public async Task<bool> IsPendingAsync(CancellationToken cancellationToken)
    {
        if (await spool.ContainsTopicAsync(Topic, cancellationToken))
        {
            return true;
        }

        var newest = await ayon.GetEventsAsync(new EventsQuery { Topics = ["ftrack.leech"], Filter = Topic, NewestFirst = true, PageSize = 1 }, 1, cancellationToken);
        if (newest.Count == 0)
        {
            return false;
        }

        var jobs = await ayon.QueryEventsAsync(new EventQueryRequest
        {
            Entity = "event",
            Filter = new QueryFilter
            {
                Operator = "and",
                Conditions =
                [
                    new JsonObject { ["key"] = "topic", ["value"] = "ftrack.proc" },
                    new JsonObject { ["key"] = "depends_on", ["value"] = newest[0].Id },
                ],
            },
            Limit = 1,
        }, cancellationToken);
        return jobs.Count == 0;
    }
}
