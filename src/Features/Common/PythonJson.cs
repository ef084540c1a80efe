using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Common;

/// <summary>
/// JSON text as Python's <c>json.dumps</c> writes it with its defaults: <c>", "</c> and <c>": "</c> separators, every
/// non-ASCII character escaped as <c>\uXXXX</c> (lower-case hex); keys in insertion order, or sorted by code point as
/// <c>sort_keys=True</c> does. The original stores ftrack configs this way, and ftrack-python hashes its schemas this way.
/// </summary>
public static class PythonJson
{
    /// <summary>The text of <paramref name="node"/>; <paramref name="sortKeys"/> as Python's <c>sort_keys</c>.</summary>
    public static string Dumps(JsonNode? node, bool sortKeys = false)
    {
        var text = new StringBuilder();
        Write(node);
        return text.ToString();

        void Write(JsonNode? value)
        {
            switch (value)
            {
                case null:
                    text.Append("null");
                    break;
                case JsonObject obj:
                    text.Append('{');
                    var first = true;
                    foreach (var (key, item) in sortKeys ? obj.OrderBy(p => p.Key, StringComparer.Ordinal) : obj.AsEnumerable())
                    {
                        text.Append(first ? "" : ", ");
                        first = false;
                        WriteString(key);
                        text.Append(": ");
                        Write(item);
                    }

                    text.Append('}');
                    break;
                case JsonArray array:
                    text.Append('[');
                    for (var i = 0; i < array.Count; i++)
                    {
                        text.Append(i == 0 ? "" : ", ");
                        Write(array[i]);
                    }

                    text.Append(']');
                    break;
                default:
                    switch (value.GetValueKind())
                    {
                        case JsonValueKind.String:
                            WriteString(value.GetValue<string>());
                            break;
                        case JsonValueKind.True:
                            text.Append("true");
                            break;
                        case JsonValueKind.False:
                            text.Append("false");
                            break;
                        default:
                            text.Append(value.ToJsonString());
                            break;
                    }

                    break;
            }
        }

        void WriteString(string value)
        {
            text.Append('"');
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    _ when c < ' ' || c > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                    _ => c.ToString(),
                });
            }

            text.Append('"');
        }
    }
}
