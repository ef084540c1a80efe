using System.Text;
using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// ayon-core's <c>StringTemplate</c> as the description and note templates use it: <c>{key}</c> is replaced by its
/// value; <c>&lt;...&gt;</c> holding a key is an optional part, dropped when a key inside it has no value (without a
/// key it is kept as written, so HTML such as <c>&lt;br/&gt;</c> stays). The result is solved when
/// every key outside optional parts has a value.
/// </summary>
public static partial class TextTemplate
{
    /// <summary>The filled text, and whether every required key had a value.</summary>
    public sealed record Result(string Text, bool Solved, IReadOnlyList<string> MissingKeys);

    /// <summary>Fills <paramref name="template"/>; empty or missing values count as missing.</summary>
    public static Result Format(string template, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var missing = new List<string>();
        var text = new StringBuilder();
        var position = 0;
        foreach (Match optional in Optional().Matches(template))
        {
            text.Append(Fill(template[position..optional.Index], values, missing));
            if (!Key().IsMatch(optional.Groups[1].Value))
            {
                // Without a key it is plain text (an HTML tag such as <br/>), kept as written.
                text.Append(optional.Value);
            }
            else
            {
                var inner = new List<string>();
                var filled = Fill(optional.Groups[1].Value, values, inner);
                if (inner.Count == 0)
                {
                    text.Append(filled);
                }
            }

            position = optional.Index + optional.Length;
        }

        text.Append(Fill(template[position..], values, missing));
        return new Result(text.ToString(), missing.Count == 0, missing);
    }

    private static string Fill(string part, IReadOnlyDictionary<string, string?> values, List<string> missing) =>
        Key().Replace(part, m =>
        {
            var key = m.Groups[1].Value;
            if (values.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                return value;
            }

            missing.Add(key);
            return m.Value;
        });

    [GeneratedRegex(@"<([^<>]*)>")]
    private static partial Regex Optional();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Key();
}
