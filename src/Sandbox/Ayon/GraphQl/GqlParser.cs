using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.GraphQl;

/// <summary>
/// One field of a parsed GraphQL selection: name, alias, arguments (variables already substituted; an
/// argument bound to an absent or null variable is left out, as the server treats it as not given) and
/// the sub-selection.
/// </summary>
public sealed record GqlField(string Name, string? Alias, IReadOnlyDictionary<string, JsonNode?> Arguments, IReadOnlyList<GqlField> Selection)
{
    /// <summary>The key of this field in the response (alias or name).</summary>
    public string ResponseName => Alias ?? Name;

    /// <summary>True when the argument is given with a non-null value.</summary>
    public bool Has(string argument) => Arguments.TryGetValue(argument, out var v) && v is not null;

    /// <summary>A string argument, or null.</summary>
    public string? StringArg(string argument) =>
        Arguments.TryGetValue(argument, out var v) && v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;

    /// <summary>An integer argument, or null.</summary>
    public int? IntArg(string argument) =>
        Arguments.TryGetValue(argument, out var v) && v is JsonValue jv && jv.TryGetValue<int>(out var i) ? i : null;

    /// <summary>A boolean argument, or null.</summary>
    public bool? BoolArg(string argument) =>
        Arguments.TryGetValue(argument, out var v) && v is JsonValue jv && jv.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>A list-of-strings argument (a single string counts as a one-item list), or null.</summary>
    public IReadOnlyList<string>? StringsArg(string argument) => Arguments.TryGetValue(argument, out var v) ? v switch
    {
        JsonArray a => [.. a.Select(x => x?.GetValue<string>() ?? "")],
        JsonValue jv when jv.TryGetValue<string>(out var s) => [s],
        _ => null,
    } : null;

    /// <summary>The selected sub-field named <paramref name="name"/>, or null.</summary>
    public GqlField? Child(string name) => Selection.FirstOrDefault(f => f.Name == name);
}

/// <summary>A parsed operation: its root selection.</summary>
public sealed record GqlDocument(string? OperationName, IReadOnlyList<GqlField> Selection);

/// <summary>A GraphQL document the emulator cannot parse; reported as a GraphQL error.</summary>
public sealed class GqlSyntaxException : Exception
{
    public GqlSyntaxException()
    {
    }

    public GqlSyntaxException(string message) : base(message)
    {
    }

    public GqlSyntaxException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// A small GraphQL parser for the fixed documents the C# client sends: one <c>query</c> operation (or an
/// anonymous selection) with variable definitions, fields, aliases, arguments (literals, lists, objects,
/// enums and <c>$variables</c>) and nested selections. Fragments and directives are not supported.
/// </summary>
public static class GqlParser
{
    /// <summary>Parses <paramref name="query"/> and binds <paramref name="variables"/>.</summary>
    public static GqlDocument Parse(string query, JsonObject? variables)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = new Reader(Tokenize(query), variables ?? []);
        string? name = null;
        if (p.PeekName("query"))
        {
            p.Next();
            if (p.PeekKind(TokenKind.Name))
            {
                name = p.Next().Text;
            }

            if (p.PeekPunct("("))
            {
                p.SkipVariableDefinitions();
            }
        }
        else if (p.PeekName("mutation") || p.PeekName("subscription") || p.PeekName("fragment"))
        {
            throw new GqlSyntaxException($"'{p.Peek().Text}' is not supported by the emulator");
        }

        var selection = p.SelectionSet();
        if (!p.AtEnd)
        {
            throw new GqlSyntaxException($"unexpected '{p.Peek().Text}' after the operation");
        }

        return new GqlDocument(name, selection);
    }

    private enum TokenKind
    {
        Name,
        Punct,
        String,
        Number,
        Variable,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '.' && i + 2 < s.Length && s[i + 1] == '.' && s[i + 2] == '.')
            {
                throw new GqlSyntaxException("fragments ('...') are not supported by the emulator");
            }
            else if ("{}():[]!=@".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Punct, c.ToString()));
                i++;
            }
            else if (c == '$')
            {
                var start = ++i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Variable, s[start..i]));
            }
            else if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length)
                    {
                        throw new GqlSyntaxException("unterminated string");
                    }

                    var ch = s[i++];
                    if (ch == '"')
                    {
                        break;
                    }

                    if (ch == '\\' && i < s.Length)
                    {
                        var esc = s[i++];
                        sb.Append(esc switch
                        {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            'b' => '\b',
                            'f' => '\f',
                            'u' when i + 4 <= s.Length => (char)int.Parse(s.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                            _ => esc,
                        });
                        if (esc == 'u')
                        {
                            i += 4;
                        }
                    }
                    else
                    {
                        sb.Append(ch);
                    }
                }

                tokens.Add(new Token(TokenKind.String, sb.ToString()));
            }
            else if (char.IsDigit(c) || c == '-')
            {
                var start = i++;
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] is '.' or 'e' or 'E' or '+' or '-'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, s[start..i]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, s[start..i]));
            }
            else
            {
                throw new GqlSyntaxException($"unexpected character '{c}'");
            }
        }

        return tokens;
    }

    private sealed class Reader(List<Token> tokens, JsonObject variables)
    {
        private int _position;

        public bool AtEnd => _position >= tokens.Count;

        public Token Peek() => AtEnd ? throw new GqlSyntaxException("unexpected end of document") : tokens[_position];

        public Token Next()
        {
            var t = Peek();
            _position++;
            return t;
        }

        public bool PeekKind(TokenKind kind) => !AtEnd && tokens[_position].Kind == kind;

        public bool PeekPunct(string p) => !AtEnd && tokens[_position].Kind == TokenKind.Punct && tokens[_position].Text == p;

        public bool PeekName(string n) => !AtEnd && tokens[_position].Kind == TokenKind.Name && tokens[_position].Text == n;

        public void Expect(string p)
        {
            var t = Next();
            if (t.Kind != TokenKind.Punct || t.Text != p)
            {
                throw new GqlSyntaxException($"expected '{p}' but found '{t.Text}'");
            }
        }

        public void SkipVariableDefinitions()
        {
            Expect("(");
            var depth = 1;
            while (depth > 0)
            {
                var t = Next();
                if (t.Kind == TokenKind.Punct && t.Text == "(")
                {
                    depth++;
                }
                else if (t.Kind == TokenKind.Punct && t.Text == ")")
                {
                    depth--;
                }
            }
        }

        public List<GqlField> SelectionSet()
        {
            Expect("{");
            var fields = new List<GqlField>();
            while (!PeekPunct("}"))
            {
                fields.Add(Field());
            }

            Expect("}");
            return fields;
        }

        private GqlField Field()
        {
            var first = Next();
            if (first.Kind != TokenKind.Name)
            {
                throw new GqlSyntaxException($"expected a field name but found '{first.Text}'");
            }

            string? alias = null;
            var name = first.Text;
            if (PeekPunct(":"))
            {
                Next();
                alias = name;
                var real = Next();
                if (real.Kind != TokenKind.Name)
                {
                    throw new GqlSyntaxException($"expected a field name after alias '{alias}'");
                }

                name = real.Text;
            }

            var arguments = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            if (PeekPunct("("))
            {
                Next();
                while (!PeekPunct(")"))
                {
                    var argName = Next();
                    if (argName.Kind != TokenKind.Name)
                    {
                        throw new GqlSyntaxException($"expected an argument name in '{name}'");
                    }

                    Expect(":");
                    var (present, value) = Value();
                    if (present)
                    {
                        arguments[argName.Text] = value;
                    }
                }

                Next();
            }

            if (PeekPunct("@"))
            {
                throw new GqlSyntaxException("directives are not supported by the emulator");
            }

            var selection = PeekPunct("{") ? SelectionSet() : [];
            return new GqlField(name, alias, arguments, selection);
        }

        private static JsonValue Integer(long value) =>
            value is >= int.MinValue and <= int.MaxValue ? JsonValue.Create((int)value) : JsonValue.Create(value);

        private (bool Present, JsonNode? Value) Value()
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.Variable:
                    return variables.TryGetPropertyValue(t.Text, out var v) && v is not null ? (true, v.DeepClone()) : (false, null);
                case TokenKind.String:
                    return (true, JsonValue.Create(t.Text));
                case TokenKind.Number:
                    return t.Text.Contains('.', StringComparison.Ordinal) || t.Text.Contains('e', StringComparison.OrdinalIgnoreCase)
                        ? (true, JsonValue.Create(double.Parse(t.Text, CultureInfo.InvariantCulture)))
                        : (true, Integer(long.Parse(t.Text, CultureInfo.InvariantCulture)));
                case TokenKind.Name:
                    return t.Text switch
                    {
                        "true" => (true, JsonValue.Create(true)),
                        "false" => (true, JsonValue.Create(false)),
                        "null" => (false, null),
                        _ => (true, JsonValue.Create(t.Text)),
                    };
                case TokenKind.Punct when t.Text == "[":
                    var list = new JsonArray();
                    while (!PeekPunct("]"))
                    {
                        var (present, item) = Value();
                        list.Add(present ? item : null);
                    }

                    Next();
                    return (true, list);
                case TokenKind.Punct when t.Text == "{":
                    var obj = new JsonObject();
                    while (!PeekPunct("}"))
                    {
                        var key = Next().Text;
                        Expect(":");
                        var (present, item) = Value();
                        obj[key] = present ? item : null;
                    }

                    Next();
                    return (true, obj);
                default:
                    throw new GqlSyntaxException($"unexpected '{t.Text}' in a value");
            }
        }
    }
}
