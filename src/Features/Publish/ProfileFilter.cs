using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// ayon-core's <c>filter_profiles</c>, which every publish profile setting is read with: per key, an empty list (or one
/// holding <c>*</c>) scores 0, a full regex match of the value scores 1, no match drops the profile (an empty value
/// never matches a non-empty list). The highest total wins; ties go to the profile that matched the earlier keys, then
/// to the first in order.
/// </summary>
public static class ProfileFilter
{
    /// <summary>The best profile for <paramref name="values"/> (key order matters for ties), or default.</summary>
    public static T? Best<T>(IEnumerable<T> profiles, IReadOnlyList<(Func<T, IReadOnlyList<string>> Field, string? Value)> values)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(values);
        var best = new List<(T Profile, bool[] Scores)>();
        var highest = -1;
        foreach (var profile in profiles)
        {
            var points = 0;
            var scores = new bool[values.Count];
            var dropped = false;
            for (var i = 0; i < values.Count; i++)
            {
                var match = Score(values[i].Value, values[i].Field(profile));
                if (match < 0)
                {
                    dropped = true;
                    break;
                }

                points += match;
                scores[i] = match > 0;
            }

            if (dropped || points < highest)
            {
                continue;
            }

            if (points > highest)
            {
                best.Clear();
                highest = points;
            }

            best.Add((profile, scores));
        }

        for (var i = 0; i < values.Count && best.Count > 1; i++)
        {
            var matched = best.Where(b => b.Scores[i]).ToList();
            if (matched.Count > 0)
            {
                best = matched;
            }
        }

        return best.Count > 0 ? best[0].Profile : null;
    }

    /// <summary>0 when the list does not filter, 1 when a regex fully matches, -1 otherwise.</summary>
    public static int Score(string? value, IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var items = patterns.Where(p => !string.IsNullOrEmpty(p)).ToList();
        if (patterns.Count == 0 || patterns.Contains("*"))
        {
            return 0;
        }

        if (string.IsNullOrEmpty(value))
        {
            return -1;
        }

        foreach (var pattern in items)
        {
            try
            {
                if (Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    return 1;
                }
            }
            catch (ArgumentException)
            {
                // A pattern that is not a regex matches itself only.
                if (string.Equals(pattern, value, StringComparison.Ordinal))
                {
                    return 1;
                }
            }
        }

        return -1;
    }
}
