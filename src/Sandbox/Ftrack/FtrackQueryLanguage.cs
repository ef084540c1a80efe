using System.Globalization;
using System.Text;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>A literal of the query language.</summary>
internal sealed record QueryLiteral(QueryLiteralKind Kind, string Text)
{
    public double? Number => Kind == QueryLiteralKind.Number ? double.Parse(Text, CultureInfo.InvariantCulture) : null;

    public bool? Boolean => Kind == QueryLiteralKind.Boolean ? Text.Equals("true", StringComparison.OrdinalIgnoreCase) : null;
}

internal enum QueryLiteralKind
{
    String,
    Bare,
    Number,
    Boolean,
    Null,
}

internal abstract record QueryExpr;

internal sealed record AndExpr(QueryExpr Left, QueryExpr Right) : QueryExpr;

internal sealed record OrExpr(QueryExpr Left, QueryExpr Right) : QueryExpr;

internal sealed record NotExpr(QueryExpr Inner) : QueryExpr;

internal sealed record CompareExpr(string Path, string Op, QueryLiteral Value) : QueryExpr;

internal sealed record InExpr(string Path, bool Negated, IReadOnlyList<QueryLiteral> Values) : QueryExpr;

internal sealed record RelationExpr(string Path, string Op, QueryExpr? Inner) : QueryExpr;

/// <summary>A parsed query (ftrack-protocol.md §2.1).</summary>
internal sealed record ParsedQuery(
    IReadOnlyList<string>? Projections,
    string EntityType,
    QueryExpr? Where,
    IReadOnlyList<(string Path, bool Descending)> Order,
    int? Offset,
    int? Limit);

/// <summary>
/// Tokeniser and parser of ftrack's query language, including the traps the official clients generate
/// (ftrack-protocol.md §2.2): unquoted UUIDs and usernames, no space between a string and <c>and</c>,
/// paging after <c>order by</c> in any order, backslash escapes inside quoted strings.
/// </summary>
internal static class FtrackQueryParser
{
    private static readonly HashSet<string> Comparisons = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "is_not", "like", "not_like", "after", "before", "greater_than", "less_than",
    };

    public static ParsedQuery Parse(string expression)
    {
        var tokens = Tokenise(expression);
        var parser = new Parser(tokens, expression);
        return parser.ParseQuery();
    }

    private enum TokenKind
    {
        Word,
        String,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text)
    {
        public bool IsWord(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

        public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
    }

    private static List<Token> Tokenise(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '"' or '\'')
            {
                var value = new StringBuilder();
                var j = i + 1;
                var closed = false;
                while (j < text.Length)
                {
                    if (text[j] == '\\' && j + 1 < text.Length)
                    {
                        value.Append(text[j + 1]);
                        j += 2;
                        continue;
                    }

                    if (text[j] == c)
                    {
                        closed = true;
                        break;
                    }

                    value.Append(text[j]);
                    j++;
                }

                if (!closed)
                {
                    throw Error($"Unterminated string starting at position {i}.");
                }

                tokens.Add(new Token(TokenKind.String, value.ToString()));
                i = j + 1;
                continue;
            }

            if (c is '(' or ')' or ',')
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                i++;
                continue;
            }

            if (c is '=' or '!' or '<' or '>')
            {
                if (i + 1 < text.Length && text[i + 1] == '=')
                {
                    tokens.Add(new Token(TokenKind.Symbol, text.Substring(i, 2)));
                    i += 2;
                    continue;
                }

                if (c == '!')
                {
                    throw Error($"Unexpected \"!\" at position {i}.");
                }

                tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                i++;
                continue;
            }

            if (IsWordChar(c))
            {
                var start = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i]));
                continue;
            }

            throw Error($"Unexpected character \"{c}\" at position {i}.");
        }

        tokens.Add(new Token(TokenKind.End, ""));
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or ':' or '@' or '+' or '-' or '%' or '*' or '/' or '#';

    private static EmulatorError Error(string message) => new("ParseError", message);

    private sealed class Parser(List<Token> tokens, string expression)
    {
        private int _position;

        private Token Current => tokens[_position];

        public ParsedQuery ParseQuery()
        {
            List<string>? projections = null;
            if (Current.IsWord("select"))
            {
                _position++;
                projections = [];
                while (!Current.IsWord("from"))
                {
                    projections.Add(ParsePath("a projection"));
                    if (Current.IsSymbol(","))
                    {
                        _position++;
                    }
                    else if (!Current.IsWord("from"))
                    {
                        throw Error($"Expected \",\" or \"from\" in the projection of \"{expression}\".");
                    }
                }

                _position++;
            }

            var type = ExpectWord("an entity type");
            QueryExpr? where = null;
            var order = new List<(string, bool)>();
            int? offset = null;
            int? limit = null;
            while (Current.Kind != TokenKind.End)
            {
                if (Current.IsWord("where") && where is null)
                {
                    _position++;
                    where = ParseOr();
                }
                else if (Current.IsWord("order") && order.Count == 0)
                {
                    _position++;
                    ExpectKeyword("by");
                    do
                    {
                        if (Current.IsSymbol(","))
                        {
                            _position++;
                        }

                        var path = ParsePath("a sort attribute");
                        var descending = false;
                        if (Current.IsWord("desc") || Current.IsWord("descending"))
                        {
                            descending = true;
                            _position++;
                        }
                        else if (Current.IsWord("asc") || Current.IsWord("ascending"))
                        {
                            _position++;
                        }

                        order.Add((path, descending));
                    }
                    while (Current.IsSymbol(","));
                }
                else if (Current.IsWord("group"))
                {
                    _position++;
                    ExpectKeyword("by");
                    ParsePath("a group attribute");
                    while (Current.IsSymbol(","))
                    {
                        _position++;
                        ParsePath("a group attribute");
                    }
                }
                else if (Current.IsWord("offset") && offset is null)
                {
                    _position++;
                    offset = ParseCount("offset");
                }
                else if (Current.IsWord("limit") && limit is null)
                {
                    _position++;
                    limit = ParseCount("limit");
                }
                else
                {
                    throw Error($"Unexpected \"{Current.Text}\" in \"{expression}\".");
                }
            }

            return new ParsedQuery(projections, type, where, order, offset, limit);
        }

        private int ParseCount(string what)
        {
            var word = ExpectWord($"the {what} number");
            return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error($"The {what} \"{word}\" is not a non-negative integer.");
        }

        private QueryExpr ParseOr()
        {
            var left = ParseAnd();
            while (Current.IsWord("or"))
            {
                _position++;
                left = new OrExpr(left, ParseAnd());
            }

            return left;
        }

        private QueryExpr ParseAnd()
        {
            var left = ParseNot();
            while (Current.IsWord("and"))
            {
                _position++;
                left = new AndExpr(left, ParseNot());
            }

            return left;
        }

        private QueryExpr ParseNot()
        {
            if (Current.IsWord("not") && !tokens[_position + 1].IsSymbol("=") && !tokens[_position + 1].IsWord("is"))
            {
                _position++;
                return new NotExpr(ParseNot());
            }

            if (Current.IsSymbol("("))
            {
                _position++;
                var inner = ParseOr();
                ExpectSymbol(")");
                return inner;
            }

            var path = ParsePath("an attribute");
            var op = Current;
            if (op.IsWord("has") || op.IsWord("any"))
            {
                _position++;
                ExpectSymbol("(");
                QueryExpr? inner = null;
                if (!Current.IsSymbol(")"))
                {
                    inner = ParseOr();
                }

                ExpectSymbol(")");
                return new RelationExpr(path, op.Text.ToLowerInvariant(), inner);
            }

            if (op.IsWord("in") || op.IsWord("not_in"))
            {
                _position++;
                ExpectSymbol("(");
                var values = new List<QueryLiteral>();
                while (!Current.IsSymbol(")"))
                {
                    values.Add(ParseLiteral());
                    if (Current.IsSymbol(","))
                    {
                        _position++;
                    }
                    else if (!Current.IsSymbol(")"))
                    {
                        throw Error($"Expected \",\" or \")\" in the value list of \"{path}\".");
                    }
                }

                _position++;
                return new InExpr(path, op.IsWord("not_in"), values);
            }

            string normalized;
            if (op.Kind == TokenKind.Symbol && op.Text is "=" or "!=" or ">" or "<" or ">=" or "<=")
            {
                normalized = op.Text;
            }
            else if (op.Kind == TokenKind.Word && Comparisons.Contains(op.Text))
            {
                normalized = op.Text.ToLowerInvariant();
            }
            else
            {
                throw Error($"Expected an operator after \"{path}\", found \"{op.Text}\".");
            }

            _position++;
            normalized = normalized switch
            {
                "=" => "is",
                "!=" => "is_not",
                "after" or "greater_than" => ">",
                "before" or "less_than" => "<",
                _ => normalized,
            };
            return new CompareExpr(path, normalized, ParseLiteral());
        }

        private QueryLiteral ParseLiteral()
        {
            var token = Current;
            _position++;
            switch (token.Kind)
            {
                case TokenKind.String:
                    return new QueryLiteral(QueryLiteralKind.String, token.Text);
                case TokenKind.Word:
                    if (token.Text.Equals("none", StringComparison.OrdinalIgnoreCase) || token.Text.Equals("null", StringComparison.OrdinalIgnoreCase))
                    {
                        return new QueryLiteral(QueryLiteralKind.Null, token.Text);
                    }

                    if (token.Text.Equals("true", StringComparison.OrdinalIgnoreCase) || token.Text.Equals("false", StringComparison.OrdinalIgnoreCase))
                    {
                        return new QueryLiteral(QueryLiteralKind.Boolean, token.Text);
                    }

                    return double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                        ? new QueryLiteral(QueryLiteralKind.Number, token.Text)
                        : new QueryLiteral(QueryLiteralKind.Bare, token.Text);
                default:
                    throw Error($"Expected a value, found \"{token.Text}\" in \"{expression}\".");
            }
        }

        private string ParsePath(string what)
        {
            var word = ExpectWord(what);
            foreach (var part in word.Split('.'))
            {
                if (part.Length == 0 || !(char.IsLetter(part[0]) || part[0] == '_') || !part.All(ch => char.IsLetterOrDigit(ch) || ch == '_'))
                {
                    throw Error($"\"{word}\" is not a valid attribute path.");
                }
            }

            return word;
        }

        private string ExpectWord(string what)
        {
            if (Current.Kind != TokenKind.Word)
            {
                throw Error($"Expected {what}, found \"{Current.Text}\" in \"{expression}\".");
            }

            return tokens[_position++].Text;
        }

        private void ExpectKeyword(string word)
        {
            if (!Current.IsWord(word))
            {
                throw Error($"Expected \"{word}\", found \"{Current.Text}\".");
            }

            _position++;
        }

        private void ExpectSymbol(string symbol)
        {
            if (!Current.IsSymbol(symbol))
            {
                throw Error($"Expected \"{symbol}\", found \"{Current.Text}\" in \"{expression}\".");
            }

            _position++;
        }
    }
}
