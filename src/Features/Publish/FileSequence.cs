using System.Globalization;
using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// Frame sequences as ftrack's clients write them: <c>/path/name.%04d.exr [1001-1010]</c> (ranges joined by commas),
/// the resource identifier of a sequence component in an unmanaged location.
/// </summary>
public static partial class FileSequence
{
    /// <summary>A parsed sequence: the pattern with its padding, and the frames in order.</summary>
    public sealed record Parsed(string Pattern, int Padding, IReadOnlyList<int> Frames)
    {
        /// <summary>The full path of one frame.</summary>
        public string PathOf(int frame)
        {
            var match = Placeholder().Match(Pattern);
            return Pattern[..match.Index] + frame.ToString(CultureInfo.InvariantCulture).PadLeft(Padding, '0') + Pattern[(match.Index + match.Length)..];
        }
    }

    /// <summary>Describes files of one sequence (same head and tail, the frame number between them).</summary>
    public static string Describe(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var frames = new List<(int Frame, string Head, string Tail, int Width)>();
        foreach (var path in paths)
        {
            var match = LastNumber().Match(path);
            if (!match.Success)
            {
                throw new PublishStepException($"\"{path}\" has no frame number; a representation with several files must be a frame sequence");
            }

            frames.Add((int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[1].Value, match.Groups[3].Value, match.Groups[2].Value.Length));
        }

        if (frames.Select(f => (f.Head, f.Tail)).Distinct().Count() != 1)
        {
            throw new PublishStepException($"the files \"{paths[0]}\" ... \"{paths[^1]}\" are not one frame sequence (their names differ beyond the frame number)");
        }

        var padding = frames.Min(f => f.Width);
        var ordered = frames.Select(f => f.Frame).Distinct().Order().ToList();
        var ranges = new List<string>();
        for (var i = 0; i < ordered.Count;)
        {
            var j = i;
            while (j + 1 < ordered.Count && ordered[j + 1] == ordered[j] + 1)
            {
                j++;
            }

            ranges.Add(i == j ? ordered[i].ToString(CultureInfo.InvariantCulture) : $"{ordered[i]}-{ordered[j]}");
            i = j + 1;
        }

        return $"{frames[0].Head}%0{padding}d{frames[0].Tail} [{string.Join(", ", ranges)}]";
    }

    /// <summary>Reads a described sequence, or null for a single file path.</summary>
    public static Parsed? TryParse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var match = Described().Match(path);
        if (!match.Success)
        {
            return null;
        }

        var frames = new List<int>();
        foreach (var range in match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = range.Split('-');
            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var last = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
            for (var frame = first; frame <= last; frame++)
            {
                frames.Add(frame);
            }
        }

        var pattern = match.Groups[1].Value;
        return new Parsed(pattern, int.Parse(Placeholder().Match(pattern).Groups[1].Value, CultureInfo.InvariantCulture), frames);
    }

    [GeneratedRegex(@"^(.*?)(\d+)(\D*)$")]
    private static partial Regex LastNumber();

    [GeneratedRegex(@"^(.*%0\d+d.*) \[([\d,\- ]+)\]$")]
    private static partial Regex Described();

    [GeneratedRegex(@"%0(\d+)d")]
    private static partial Regex Placeholder();
}
