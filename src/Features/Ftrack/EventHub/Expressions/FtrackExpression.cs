using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack.EventHub.Expressions;

/// <summary>
/// A parsed ftrack event expression (ftrack-protocol.md §3.7): the language of subscriptions
/// (<c>topic=ftrack.update and data.x=1</c>) and of event targets (<c>id=&lt;hub id&gt;</c>), evaluated
/// against an event (subscriptions) or against subscriber metadata (targets). Shared by the hub client
/// and the hub emulator.
/// </summary>
/// <remarks>
/// Matching rules: values compare as strings; an <c>=</c> (or <c>!=</c>) value ending in <c>*</c> is a
/// prefix match (<c>topic=*</c> matches every event); a key missing along the path, or a JSON null, makes
/// the condition false, also for <c>!=</c>; ordering operators compare numerically when both sides are
/// numbers and ordinally otherwise; booleans read as <c>true</c>/<c>false</c>.
/// </remarks>
public sealed class FtrackExpression
{
    private readonly Node _root;

    private FtrackExpression(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses an expression; throws <see cref="FtrackExpressionException"/> naming the expression when it is invalid.</summary>
    public static FtrackExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        return new FtrackExpression(text, parser.ParseAll());
    }

    /// <summary>Parses an expression, or returns false with the error message.</summary>
    public static bool TryParse(string text, out FtrackExpression? expression, out string? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (FtrackExpressionException ex)
        {
            expression = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Evaluates the expression against a JSON object (an event or subscriber metadata).</summary>
    public bool Matches(JsonElement candidate) => _root.Evaluate(path => Lookup(candidate, path));

    /// <summary>Evaluates the expression against a JSON object (an event or subscriber metadata).</summary>
    public bool Matches(JsonNode? candidate) => _root.Evaluate(path => Lookup(candidate, path));

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Quotes a value for use in an expression when it holds characters an unquoted value may not.</summary>
    public static string QuoteValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value.All(IsUnquotedValueChar) ? value : value.Contains('"', StringComparison.Ordinal) ? $"'{value}'" : $"\"{value}\"";
    }

    private static string? Lookup(JsonElement candidate, string[] path)
    {
        var current = candidate;
        foreach (var key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => current.GetRawText(),
        };
    }

    private static string? Lookup(JsonNode? candidate, string[] path)
    {
        var current = candidate;
        foreach (var key in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(key, out current))
            {
                return null;
            }
        }

        return current switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonValue value when value.GetValueKind() == JsonValueKind.True => "true",
            JsonValue value when value.GetValueKind() == JsonValueKind.False => "false",
            JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
            _ => current.ToJsonString(),
        };
    }

    private static bool IsFieldChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';

    private static bool IsUnquotedValueChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('(' or ')' or '"' or '\'' or '=' or '!' or '<' or '>');

    private abstract class Node
    {
        public abstract bool Evaluate(Func<string[], string?> lookup);
    }

    private sealed class And(Node left, Node right) : Node
    {
        public override bool Evaluate(Func<string[], string?> lookup) => left.Evaluate(lookup) && right.Evaluate(lookup);
    }

    private sealed class Or(Node left, Node right) : Node
    {
        public override bool Evaluate(Func<string[], string?> lookup) => left.Evaluate(lookup) || right.Evaluate(lookup);
    }

    private sealed class Not(Node inner) : Node
    {
        public override bool Evaluate(Func<string[], string?> lookup) => !inner.Evaluate(lookup);
    }

    private sealed class Condition(string[] path, string op, string value) : Node
    {
        private readonly bool _wildcard = value.EndsWith('*');

        public override bool Evaluate(Func<string[], string?> lookup)
        {
            var candidate = lookup(path);
            if (candidate is null)
            {
                return false;
            }

            return op switch
            {
                "=" => Equal(candidate),
                "!=" => !Equal(candidate),
                "<" => Compare(candidate) < 0,
                ">" => Compare(candidate) > 0,
                "<=" => Compare(candidate) <= 0,
                _ => Compare(candidate) >= 0,
            };
        }

        private bool Equal(string candidate) =>
            _wildcard
                ? candidate.StartsWith(value.AsSpan(0, value.Length - 1), StringComparison.Ordinal)
                : string.Equals(candidate, value, StringComparison.Ordinal);

        private int Compare(string candidate) =>
            double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out var left)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var right)
                ? left.CompareTo(right)
                : string.CompareOrdinal(candidate, value);
    }

    private enum TokenKind
    {
        Word,
        Quoted,
        Operator,
        Open,
        Close,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class Parser(string text)
    {
        private readonly List<Token> _tokens = [];
        private int _index;

        public Node ParseAll()
        {
            Tokenise();
            if (_tokens.Count == 1)
            {
                throw Error("the expression is empty", 0);
            }

            var node = ParseOr();
            var next = Peek();
            if (next.Kind != TokenKind.End)
            {
                throw Error($"unexpected '{next.Text}'", next.Position);
            }

            return node;
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword(Peek(), "or"))
            {
                _index++;
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (IsKeyword(Peek(), "and"))
            {
                _index++;
                left = new And(left, ParseNot());
            }

            return left;
        }

        private Node ParseNot()
        {
            var token = Peek();
            if (IsKeyword(token, "not"))
            {
                _index++;
                return new Not(ParseNot());
            }

            if (token.Kind == TokenKind.Open)
            {
                _index++;
                var inner = ParseOr();
                var close = Peek();
                if (close.Kind != TokenKind.Close)
                {
                    throw Error(close.Kind == TokenKind.End ? "missing ')'" : $"expected ')' but found '{close.Text}'", close.Position);
                }

                _index++;
                return inner;
            }

            return ParseCondition();
        }

        private Condition ParseCondition()
        {
            var field = Next();
            if (field.Kind != TokenKind.Word)
            {
                throw Error(field.Kind == TokenKind.End ? "expected a condition at the end" : $"expected a field name but found '{field.Text}'", field.Position);
            }

            if (!field.Text.All(IsFieldChar) || field.Text.StartsWith('.') || field.Text.EndsWith('.') || field.Text.Contains("..", StringComparison.Ordinal))
            {
                throw Error($"'{field.Text}' is not a field name", field.Position);
            }

            var op = Next();
            if (op.Kind != TokenKind.Operator)
            {
                throw Error(op.Kind == TokenKind.End ? $"expected an operator after '{field.Text}'" : $"expected an operator after '{field.Text}' but found '{op.Text}'", op.Position);
            }

            var value = Next();
            if (value.Kind is not (TokenKind.Word or TokenKind.Quoted))
            {
                throw Error(value.Kind == TokenKind.End ? $"expected a value after '{field.Text}{op.Text}'" : $"expected a value after '{field.Text}{op.Text}' but found '{value.Text}'", value.Position);
            }

            return new Condition(field.Text.Split('.'), op.Text, value.Text);
        }

        private static bool IsKeyword(Token token, string keyword) =>
            token.Kind == TokenKind.Word && string.Equals(token.Text, keyword, StringComparison.OrdinalIgnoreCase);

        private Token Peek() => _tokens[_index];

        private Token Next()
        {
            var token = _tokens[_index];
            if (token.Kind != TokenKind.End)
            {
                _index++;
            }

            return token;
        }

        private void Tokenise()
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '(')
                {
                    _tokens.Add(new Token(TokenKind.Open, "(", i++));
                }
                else if (c == ')')
                {
                    _tokens.Add(new Token(TokenKind.Close, ")", i++));
                }
                else if (c is '=' or '!' or '<' or '>')
                {
                    var start = i;
                    var op = i + 1 < text.Length && text[i + 1] == '=' ? text.Substring(i, 2) : text.Substring(i, 1);
                    if (op == "!" || op == "==")
                    {
                        throw Error($"'{op}' is not an operator", start);
                    }

                    i += op.Length;
                    _tokens.Add(new Token(TokenKind.Operator, op, start));
                }
                else if (c is '"' or '\'')
                {
                    var end = text.IndexOf(c, i + 1);
                    if (end < 0)
                    {
                        throw Error($"unterminated quoted value starting with {c}", i);
                    }

                    _tokens.Add(new Token(TokenKind.Quoted, text.Substring(i + 1, end - i - 1), i));
                    i = end + 1;
                }
                else
                {
                    var start = i;
                    while (i < text.Length && IsUnquotedValueChar(text[i]))
                    {
                        i++;
                    }

                    _tokens.Add(new Token(TokenKind.Word, text[start..i], start));
                }
            }

            _tokens.Add(new Token(TokenKind.End, "", text.Length));
        }

        private FtrackExpressionException Error(string reason, int position) =>
            new($"Invalid ftrack expression \"{text}\": {reason} (at position {position}).", text);
    }
}
