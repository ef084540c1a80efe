using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Anatomy;

/// <summary>Python's <c>string.Formatter().parse</c>: literal text and <c>{field!conversion:spec}</c> parts.</summary>
internal static class TemplateParser
{
    /// <summary>The parts of <paramref name="template"/>: strings (with <c>{{</c>/<c>}}</c> unescaped) and fields.</summary>
    public static IReadOnlyList<object> Parse(string template)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    literal.Append('}');
                    i += 2;
                    continue;
                }

                throw new TemplateFormatException($"Single '}}' encountered in format string \"{template}\"");
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
                continue;
            }

            // A field: up to the matching '}' (braces nest inside the specification).
            var depth = 1;
            var end = i + 1;
            while (end < template.Length && depth > 0)
            {
                if (template[end] == '{')
                {
                    depth++;
                }
                else if (template[end] == '}')
                {
                    depth--;
                }

                if (depth > 0)
                {
                    end++;
                }
            }

            if (depth > 0)
            {
                throw new TemplateFormatException($"expected '}}' before end of string in \"{template}\"");
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            parts.Add(ParseField(template[(i + 1)..end], template));
            i = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return parts;
    }

    private static StringTemplate.FieldPart ParseField(string body, string template)
    {
        // The field name ends at '!' or ':' outside square brackets.
        var bracket = 0;
        var nameEnd = body.Length;
        for (var j = 0; j < body.Length; j++)
        {
            var c = body[j];
            if (c == '[')
            {
                bracket++;
            }
            else if (c == ']' && bracket > 0)
            {
                bracket--;
            }
            else if (bracket == 0 && c is '!' or ':')
            {
                nameEnd = j;
                break;
            }
        }

        var name = body[..nameEnd];
        char? conversion = null;
        string? spec = null;
        var rest = body[nameEnd..];
        if (rest.StartsWith('!'))
        {
            if (rest.Length < 2 || (rest.Length > 2 && rest[2] != ':'))
            {
                throw new TemplateFormatException($"expected ':' after conversion specifier in \"{template}\"");
            }

            conversion = rest[1];
            rest = rest[2..];
        }

        if (rest.StartsWith(':'))
        {
            spec = rest[1..];
        }

        if (name.Length == 0)
        {
            // Python numbers empty fields automatically; templates never use positional arguments.
            throw new TemplateFormatException($"an empty field {{}} in \"{template}\" has no key to fill");
        }

        return new StringTemplate.FieldPart(name, spec, conversion);
    }
}

/// <summary>Python's format specification mini-language for the scalar values templates use (strings, integers, floats, booleans).</summary>
internal static class PythonFormat
{
    /// <summary>Formats <paramref name="value"/> as Python's <c>format(value, spec)</c> after the conversion.</summary>
    public static string Format(JsonValue value, string spec, char? conversion, string field)
    {
        var kind = value.GetValueKind();
        object scalar = kind switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => NumberOf(value),
        };

        if (conversion is { } conv)
        {
            scalar = conv switch
            {
                's' => Str(scalar),
                'r' or 'a' => scalar is string s ? "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'" : Str(scalar),
                _ => throw new TemplateFormatException($"Unknown conversion specifier {conv} in field \"{field}\""),
            };
        }

        if (spec.Length == 0)
        {
            return Str(scalar);
        }

        var parsed = Spec.Parse(spec, field);
        return scalar switch
        {
            string s => FormatString(s, parsed, field),
            bool b => FormatInteger(b ? 1 : 0, parsed, field),
            long l => parsed.Type is 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%' ? FormatFloat(l, parsed, field) : FormatInteger(l, parsed, field),
            double d => FormatFloat(d, parsed, field),
            _ => Str(scalar),
        };
    }

    private static object NumberOf(JsonValue value)
    {
        var raw = value.ToJsonString();
        if (!raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        return value.GetValue<double>();
    }

    /// <summary>Python's <c>str()</c> of the value.</summary>
    private static string Str(object value) => value switch
    {
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat(d),
        _ => value.ToString() ?? "",
    };

    private static string PythonFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        var r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E', StringComparison.Ordinal))
        {
            // Python writes 1e-05 / 1e+16.
            var parts = r.Split('E');
            var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return $"{parts[0]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        return r.Contains('.', StringComparison.Ordinal) ? r : r + ".0";
    }

    private static string FormatString(string s, Spec spec, string field)
    {
        if (spec.Type is not (null or 's') || spec.Sign is not null || spec.Grouping is not null || spec.Alternate)
        {
            throw new TemplateFormatException($"Unknown format code '{spec.Type}' for object of type 'str' in field \"{field}\"");
        }

        if (spec.Align == '=')
        {
            throw new TemplateFormatException($"'=' alignment not allowed in string format specifier in field \"{field}\"");
        }

        if (spec.Precision is { } precision && s.Length > precision)
        {
            s = s[..precision];
        }

        return Pad(s, spec, defaultAlign: '<', numeric: false);
    }

    private static string FormatInteger(long value, Spec spec, string field)
    {
        if (spec.Precision is not null)
        {
            throw new TemplateFormatException($"Precision not allowed in integer format specifier in field \"{field}\"");
        }

        var magnitude = value < 0 ? -(decimal)value : value;
        var digits = spec.Type switch
        {
            null or 'd' or 'n' => ((ulong)magnitude).ToString(CultureInfo.InvariantCulture),
            'x' => ((ulong)magnitude).ToString("x", CultureInfo.InvariantCulture),
            'X' => ((ulong)magnitude).ToString("X", CultureInfo.InvariantCulture),
            'o' => Convert.ToString((long)magnitude, 8),
            'b' => Convert.ToString((long)magnitude, 2),
            _ => throw new TemplateFormatException($"Unknown format code '{spec.Type}' for object of type 'int' in field \"{field}\""),
        };
        if (spec.Grouping is { } grouping)
        {
            digits = Group(digits, grouping, spec.Type is 'x' or 'X' or 'o' or 'b' ? 4 : 3);
        }

        if (spec.Alternate && spec.Type is 'x' or 'X' or 'o' or 'b')
        {
            digits = "0" + spec.Type + digits;
        }

        return Pad(SignOf(value < 0, spec) + digits, spec, defaultAlign: '>', numeric: true);
    }

    private static string FormatFloat(double value, Spec spec, string field)
    {
        var precision = spec.Precision ?? 6;
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var magnitude = Math.Abs(value);
        var body = spec.Type switch
        {
            'f' or 'F' => magnitude.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            '%' => (magnitude * 100).ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%",
            'e' or 'E' => ExponentOf(magnitude, precision, spec.Type.Value),
            null when spec.Precision is null => PythonFloat(magnitude),
            null or 'g' or 'G' => magnitude.ToString("G" + Math.Max(precision, 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            _ => throw new TemplateFormatException($"Unknown format code '{spec.Type}' for object of type 'float' in field \"{field}\""),
        };
        if (spec.Grouping is { } grouping)
        {
            var dot = body.IndexOf('.', StringComparison.Ordinal);
            body = dot < 0 ? Group(body, grouping, 3) : Group(body[..dot], grouping, 3) + body[dot..];
        }

        return Pad(SignOf(negative, spec) + body, spec, defaultAlign: '>', numeric: true);
    }

    private static string ExponentOf(double magnitude, int precision, char type)
    {
        var text = magnitude.ToString((type == 'E' ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        // .NET writes e+005; Python e+05.
        var at = text.IndexOfAny(['e', 'E']);
        var exponent = int.Parse(text[(at + 1)..], CultureInfo.InvariantCulture);
        return $"{text[..(at + 1)]}{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }

    private static string SignOf(bool negative, Spec spec) => negative ? "-" : spec.Sign switch
    {
        '+' => "+",
        ' ' => " ",
        _ => "",
    };

    private static string Group(string digits, char separator, int size)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % size == 0)
            {
                builder.Append(separator);
            }

            builder.Append(digits[i]);
        }

        return builder.ToString();
    }

    private static string Pad(string text, Spec spec, char defaultAlign, bool numeric)
    {
        var width = spec.Width ?? 0;
        if (text.Length >= width)
        {
            return text;
        }

        var fill = spec.Fill ?? (spec.ZeroPad && spec.Align is null ? '0' : ' ');
        var align = spec.Align ?? (spec.ZeroPad && numeric ? '=' : defaultAlign);
        var padding = width - text.Length;
        switch (align)
        {
            case '<':
                return text + new string(fill, padding);
            case '^':
                return new string(fill, padding / 2) + text + new string(fill, padding - (padding / 2));
            case '=' when numeric:
                var signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
                return text[..signLength] + new string(fill, padding) + text[signLength..];
            default:
                return new string(fill, padding) + text;
        }
    }

    /// <summary><c>[[fill]align][sign][#][0][width][grouping][.precision][type]</c>.</summary>
    private sealed record Spec(char? Fill, char? Align, char? Sign, bool Alternate, bool ZeroPad, int? Width, char? Grouping, int? Precision, char? Type)
    {
        public static Spec Parse(string spec, string field)
        {
            var i = 0;
            char? fill = null;
            char? align = null;
            if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=')
            {
                fill = spec[0];
                align = spec[1];
                i = 2;
            }
            else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=')
            {
                align = spec[0];
                i = 1;
            }

            char? sign = null;
            if (i < spec.Length && spec[i] is '+' or '-' or ' ')
            {
                sign = spec[i++];
            }

            var alternate = false;
            if (i < spec.Length && spec[i] == '#')
            {
                alternate = true;
                i++;
            }

            var zero = false;
            if (i < spec.Length && spec[i] == '0')
            {
                zero = true;
                i++;
            }

            var width = ReadNumber(spec, ref i);
            char? grouping = null;
            if (i < spec.Length && spec[i] is ',' or '_')
            {
                grouping = spec[i++];
            }

            int? precision = null;
            if (i < spec.Length && spec[i] == '.')
            {
                i++;
                precision = ReadNumber(spec, ref i) ?? throw new TemplateFormatException($"Format specifier missing precision in field \"{field}\"");
            }

            char? type = null;
            if (i < spec.Length)
            {
                type = spec[i++];
            }

            if (i < spec.Length)
            {
                throw new TemplateFormatException($"Invalid format specifier '{spec}' in field \"{field}\"");
            }

            return new Spec(fill, align, sign, alternate, zero, width, grouping, precision, type);
        }

        private static int? ReadNumber(string spec, ref int i)
        {
            var start = i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i]))
            {
                i++;
            }

            return i == start ? null : int.Parse(spec[start..i], CultureInfo.InvariantCulture);
        }
    }
}
