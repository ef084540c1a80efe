using System.Net;

namespace AyonFtrack.Features.Leech;

/// <summary>
/// The leecher's dead-letter rule: which events leave the queue for the spool's <c>dead</c> table instead of waiting.
/// An event AYON refuses for good (400, 413, 422) can never be stored as it is, so it is kept as a dead letter and never
/// blocks the events behind it; every other failure (AYON down, 5xx, 401, 403, 404) keeps the event in the spool, tried
/// again in order. Hub frames the reader refuses and events the leech pipeline does not store are dead letters too.
/// </summary>
public static class LeechDeadLetters
{
    /// <summary>True when AYON's <paramref name="status"/> means "this event can never be stored as it is".</summary>
    public static bool IsRefusedForGood(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity;
}
