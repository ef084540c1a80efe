using System.Globalization;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// When the daily lists' automated run is due, and the event that starts it (behaviour reference P-02, "Timer"): at
/// <c>cycle_hour_start</c> local time on the week days of <c>cycle_days</c>, one <c>ftrack.leech</c> event whose hash
/// names the day, so however many processors run, AYON stores one and the processor queue runs it once.
/// </summary>
public static class DailyListsSchedule
{
    /// <summary>The next run at or after <paramref name="now"/>'s next <paramref name="start"/> (today's when still ahead, else tomorrow's).</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly start)
    {
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, start.Hour, start.Minute, start.Second, now.Offset);
        return today > now ? today : today.AddDays(1);
    }

    /// <summary>True when <paramref name="day"/> is one of <paramref name="cycleDays"/> (lower-case English day names).</summary>
    public static bool RunsOn(DateTimeOffset day, IReadOnlyList<string> cycleDays)
    {
        ArgumentNullException.ThrowIfNull(cycleDays);
        var name = day.DayOfWeek.ToString().ToLowerInvariant();
        return cycleDays.Any(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The AYON event hash of the run of <paramref name="day"/>.</summary>
    public static string Hash(DateTimeOffset day) => DailyLists.AutomatedTopic + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The ftrack event the processor runs, as the service's ftrack user.</summary>
    public static JsonObject AutomatedEvent(string eventId, string? userId, string userName) => new()
    {
        ["id"] = eventId,
        ["topic"] = DailyLists.AutomatedTopic,
        ["data"] = new JsonObject(),
        ["source"] = new JsonObject { ["user"] = new JsonObject { ["id"] = userId, ["username"] = userName } },
        ["target"] = "",
        ["sent"] = null,
        ["in_reply_to_event"] = null,
    };
}
