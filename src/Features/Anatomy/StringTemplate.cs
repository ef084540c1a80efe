using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Anatomy;

/// <summary>
/// A template string formatted with AYON's rules (ayon-core <c>lib/path_templates.py</c>): Python <c>str.format</c>
/// fields (<c>{key}</c>, <c>{key[sub]}</c>, <c>{list[0]}</c>, <c>{version:0>3}</c>, <c>!s</c>/<c>!r</c>), <c>{{</c>/<c>}}</c>
/// escapes, and optional parts in <c>&lt;...&gt;</c> (nested too) that vanish when any key inside them is missing.
/// A missing key or a value of the wrong type leaves the field's text as it was and makes the result unsolved; the
/// data is JSON (strings, numbers, booleans, objects, arrays). Pure: no I/O.
/// </summary>
public sealed class StringTemplate
{
    private readonly IReadOnlyList<object> _parts;

    /// <summary>Parses <paramref name="template"/>.</summary>
    /// <exception cref="TemplateFormatException">A lone <c>}</c> or an unclosed <c>{</c>, as Python refuses them.</exception>
    public StringTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
        _parts = FindOptionalParts(SplitAngles(TemplateParser.Parse(template)));
    }

    /// <summary>The template text.</summary>
    public string Template { get; }

    /// <inheritdoc />
    public override string ToString() => Template;

    /// <summary>Formats with <paramref name="data"/>; never throws for missing keys (see <see cref="TemplateResult.Solved"/>).</summary>
    /// <exception cref="TemplateFormatException">A format specification the value cannot take (Python's ValueError).</exception>
    public TemplateResult Format(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new PartResult();
        foreach (var part in _parts)
        {
            FormatPart(part, data, result);
        }

        return new TemplateResult(result.Output.ToString(), Template, result.Solved, result.Missing, result.InvalidTypes);
    }

    /// <summary>Formats and throws when a key is missing or of the wrong type.</summary>
    /// <exception cref="TemplateUnsolvedException">The template could not be filled.</exception>
    public TemplateResult FormatStrict(JsonObject data)
    {
        var result = Format(data);
        result.Validate();
        return result;
    }

    /// <summary>Formats <paramref name="template"/> once.</summary>
    public static TemplateResult Format(string template, JsonObject data) => new StringTemplate(template).Format(data);

    private static void FormatPart(object part, JsonObject data, PartResult result)
    {
        switch (part)
        {
            case string text:
                result.Output.Append(text);
                break;
            case FieldPart field:
                field.Format(data, result);
                break;
            case OptionalPart optional:
                var inner = new PartResult();
                foreach (var child in optional.Parts)
                {
                    FormatPart(child, data, inner);
                }

                // An optional part that cannot be filled disappears with the keys it misses.
                if (inner.Solved)
                {
                    result.Output.Append(inner.Output);
                }

                break;
        }
    }

    /// <summary>Splits literal text at <c>&lt;</c> and <c>&gt;</c> (fields are never split).</summary>
    private static List<object> SplitAngles(IReadOnlyList<object> parts)
    {
        var output = new List<object>();
        foreach (var part in parts)
        {
            if (part is not string text)
            {
                output.Add(part);
                continue;
            }

            var current = new StringBuilder();
            foreach (var c in text)
            {
                if (c is '<' or '>')
                {
                    if (current.Length > 0)
                    {
                        output.Add(current.ToString());
                        current.Clear();
                    }

                    output.Add(c == '<' ? Open : Close);
                }
                else
                {
                    current.Append(c);
                }
            }

            if (current.Length > 0)
            {
                output.Add(current.ToString());
            }
        }

        return output;
    }

    private static readonly string Open = new('<', 1);
    private static readonly string Close = new('>', 1);

    /// <summary>
    /// Groups <c>&lt;...&gt;</c> into optional parts as ayon-core does: an empty pair stays <c>"&lt;&gt;"</c>, a pair around
    /// plain text only stays literal text, an unclosed <c>&lt;</c> stays literal, a <c>&gt;</c> without opening stays literal.
    /// </summary>
    private static List<object> FindOptionalParts(List<object> parts)
    {
        var output = new List<object>();
        var open = new List<List<object>>();
        foreach (var part in parts)
        {
            if (ReferenceEquals(part, Open))
            {
                open.Add([part]);
                continue;
            }

            if (ReferenceEquals(part, Close) && open.Count > 0)
            {
                var group = open[^1];
                open.RemoveAt(open.Count - 1);
                group.RemoveAt(0);
                object value = group.Count switch
                {
                    0 => "<>",
                    1 when group[0] is string text => $"<{text}>",
                    _ => new OptionalPart(group),
                };
                (open.Count == 0 ? output : open[^1]).Add(value);
                continue;
            }

            (open.Count == 0 ? output : open[^1]).Add(part);
        }

        foreach (var group in open)
        {
            output.AddRange(group);
        }

        return output;
    }

    private sealed record OptionalPart(IReadOnlyList<object> Parts);

    /// <summary>What formatting collected: output, missing keys and keys whose value had the wrong type.</summary>
    internal sealed class PartResult
    {
        public StringBuilder Output { get; } = new();

        public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> InvalidTypes { get; } = new(StringComparer.Ordinal);

        public bool Solved => Missing.Count == 0 && InvalidTypes.Count == 0;
    }

    /// <summary>One <c>{field[sub]:spec!conversion}</c>.</summary>
    internal sealed record FieldPart(string FieldName, string? Spec, char? Conversion)
    {
        public string Text => $"{{{FieldName}{(Conversion is { } c ? "!" + c : "")}{(Spec is null ? "" : ":" + Spec)}}}";

        public IReadOnlyList<string> Keys => [.. FieldName.Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries)];

        public void Format(JsonObject data, PartResult result)
        {
            if (!BracketsMatch(FieldName))
            {
                result.Missing.Add(FieldName);
                result.Output.Append(Text);
                return;
            }

            JsonNode? value = data;
            var used = new List<string>();
            var missing = false;
            var invalid = false;
            foreach (var key in Keys)
            {
                if (value is JsonArray list)
                {
                    if (!int.TryParse(key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    {
                        invalid = true;
                        break;
                    }

                    index = index < 0 ? list.Count + index : index;
                    used.Add(key);
                    if (index < 0 || index >= list.Count)
                    {
                        missing = true;
                        break;
                    }

                    value = list[index];
                    continue;
                }

                if (value is null || (value is JsonObject o && !o.ContainsKey(key)))
                {
                    missing = true;
                    used.Add(key);
                    break;
                }

                if (value is not JsonObject obj)
                {
                    invalid = true;
                    break;
                }

                used.Add(key);
                value = obj[key];
            }

            var name = used.Count == 0 ? Keys[0] : used[0] + string.Concat(used.Skip(1).Select(k => $"[{k}]"));
            if (missing)
            {
                result.Missing.Add(name);
                result.Output.Append(Text);
                return;
            }

            if (invalid || value is not JsonValue scalar || scalar.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                result.InvalidTypes[invalid ? name : FieldName] = TypeName(value);
                result.Output.Append(Text);
                return;
            }

            var spec = Spec is null ? "" : ResolveNestedSpec(Spec, data);
            result.Output.Append(PythonFormat.Format(scalar, spec, Conversion, FieldName));
        }

        /// <summary>A specification with <c>{key}</c> inside (Python's nested fields), filled from the data's top level.</summary>
        private static string ResolveNestedSpec(string spec, JsonObject data)
        {
            if (!spec.Contains('{', StringComparison.Ordinal))
            {
                return spec;
            }

            var nested = StringTemplate.Format(spec, data);
            return nested.Solved ? nested.Output : throw new TemplateFormatException($"the format specification \"{spec}\" names a key the data does not have");
        }

        private static bool BracketsMatch(string key)
        {
            var stack = new Stack<char>();
            foreach (var c in key)
            {
                switch (c)
                {
                    case '(' or '[' or '{':
                        stack.Push(c switch { '(' => ')', '[' => ']', _ => '}' });
                        break;
                    case ')' or ']' or '}':
                        if (stack.Count == 0 || stack.Pop() != c)
                        {
                            return false;
                        }

                        break;
                }
            }

            return stack.Count == 0;
        }

        private static string TypeName(JsonNode? value) => value switch
        {
            null => "<class 'NoneType'>",
            JsonObject => "<class 'dict'>",
            JsonArray => "<class 'list'>",
            _ => "<class 'object'>",
        };
    }
}

/// <summary>The outcome of formatting a <see cref="StringTemplate"/>.</summary>
/// <param name="Output">The filled text; unfilled fields keep their <c>{...}</c> text.</param>
/// <param name="Template">The template.</param>
/// <param name="Solved">True when every required field was filled.</param>
/// <param name="MissingKeys">Keys the data lacked (as <c>task[name]</c>), optional parts excluded.</param>
/// <param name="InvalidTypes">Keys whose value was not a string or number, with its Python type name.</param>
public sealed record TemplateResult(string Output, string Template, bool Solved, IReadOnlySet<string> MissingKeys, IReadOnlyDictionary<string, string> InvalidTypes)
{
    /// <inheritdoc />
    public override string ToString() => Output;

    /// <summary>Throws <see cref="TemplateUnsolvedException"/> when not <see cref="Solved"/>.</summary>
    public void Validate()
    {
        if (!Solved)
        {
            throw new TemplateUnsolvedException(this);
        }
    }

    /// <summary>
    /// The text up to the first unfilled <c>{</c>, as the original's "Create Folders" makes a directory of a template it
    /// could not fill; the whole output when solved.
    /// </summary>
    public string SolvedPrefix => Solved ? Output : Output.Split('{')[0];
}

/// <summary>A template whose keys were missing or of the wrong type (ayon-core's <c>TemplateUnsolved</c>).</summary>
public sealed class TemplateUnsolvedException : Exception
{
    /// <summary>Creates the exception for <paramref name="result"/>.</summary>
    public TemplateUnsolvedException(TemplateResult result)
        : base(MessageOf(result)) => Result = result;

    /// <summary>The unsolved result.</summary>
    public TemplateResult? Result { get; }

    private static string MessageOf(TemplateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var message = new StringBuilder($"Template \"{result.Template}\" is unsolved.");
        if (result.MissingKeys.Count > 0)
        {
            message.Append($" Missing keys: \"{string.Join(", ", result.MissingKeys.Order(StringComparer.Ordinal))}\".");
        }

        if (result.InvalidTypes.Count > 0)
        {
            message.Append($" Keys with invalid data type: `{string.Join(", ", result.InvalidTypes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\" {p.Value}"))}`.");
        }

        return message.ToString();
    }
}

/// <summary>A template or a value Python's formatting refuses (a lone brace, a specification the value cannot take).</summary>
public sealed class TemplateFormatException(string message) : Exception(message);
