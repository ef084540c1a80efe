using System.Globalization;
using System.Text;
using System.Text.Json;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Telemetry;

/// <summary>Options of <see cref="ServiceLogFormatter"/>.</summary>
public sealed class ServiceLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>One JSON object per line (for log shippers) instead of text.</summary>
    public bool Json { get; set; }
}

/// <summary>
/// The service's console format: one line per entry, UTC time, level, category and event id, the message, and the ids
/// of the log scopes (<c>AyonEventId=… FtrackEventId=… Topic=… Slice=…</c>), so one grep shows one event's story.
/// An exception below Error, or an expected transient fault at any level (network, timeouts, 5xx, 429: see
/// <see cref="FailureClassifier"/>), adds one clause with its type and message and no stack trace; an unexpected
/// exception at Error or above keeps its stack trace, because that is a bug to report. With <c>--Logging:Format json</c>
/// each entry is one JSON object on one line with the same content.
/// </summary>
public sealed class ServiceLogFormatter : ConsoleFormatter
{
    /// <summary>The formatter's name.</summary>
    public const string FormatterName = "ayon-ftrack";

    private readonly ServiceLogFormatterOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the formatter.</summary>
    public ServiceLogFormatter(IOptions<ServiceLogFormatterOptions> options)
        : this(options?.Value ?? new ServiceLogFormatterOptions(), TimeProvider.System)
    {
    }

    /// <summary>Creates the formatter with a clock (tests).</summary>
    public ServiceLogFormatter(ServiceLogFormatterOptions options, TimeProvider time)
        : base(FormatterName)
    {
        _options = options;
        _time = time;
    }

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "";
        var exception = logEntry.Exception;
        if (exception is null && message.Length == 0)
        {
            return;
        }

        var stack = exception is not null && ShowsStack(logEntry.LogLevel, exception);
        if (exception is not null && !stack && !message.Contains(exception.Message, StringComparison.Ordinal))
        {
            message = $"{message} ({Summary(exception)})";
        }

        var scopes = Scopes(scopeProvider);
        var time = _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        if (_options.Json)
        {
            WriteJson(textWriter, time, logEntry, message, stack ? exception!.ToString() : null, scopes);
            return;
        }

        var line = new StringBuilder(message.Length + 96)
            .Append(time).Append(' ').Append(Level(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(OneLine(message));
        if (scopes.Count > 0)
        {
            line.Append(" [").AppendJoin(' ', scopes.Select(s => $"{s.Key}={s.Value}")).Append(']');
        }

        textWriter.Write(line.Append('\n').ToString());
        if (stack)
        {
            textWriter.Write(exception!.ToString().ReplaceLineEndings("\n") + "\n");
        }
    }

    /// <summary>True for exceptions worth a stack trace: unexpected ones (not transient) logged at Error or above.</summary>
    public static bool ShowsStack(LogLevel level, Exception exception) =>
        level >= LogLevel.Error && FailureClassifier.Classify(exception) != FailureKind.Transient;

    /// <summary>"Type: message (InnerType: inner message)" on one line.</summary>
    public static string Summary(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = $"{exception.GetType().Name}: {exception.Message}";
        if (exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal))
        {
            text += $" ({inner.GetType().Name}: {inner.Message})";
        }

        return OneLine(text);
    }

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? string.Join(" | ", text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : text;

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    /// <summary>The scopes' named values, outer first; a key repeated by an inner scope keeps its first value.</summary>
    private static List<KeyValuePair<string, string>> Scopes(IExternalScopeProvider? provider)
    {
        var found = new List<KeyValuePair<string, string>>();
        provider?.ForEachScope(
            (scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        if (value is not null && key != "{OriginalFormat}" && !list.Exists(p => p.Key == key))
                        {
                            list.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                        }
                    }
                }
                else if (scope is not null)
                {
                    list.Add(new("Scope", Convert.ToString(scope, CultureInfo.InvariantCulture) ?? ""));
                }
            },
            found);
        return found;
    }

    private static void WriteJson<TState>(TextWriter writer, string time, in LogEntry<TState> entry, string message, string? stack, List<KeyValuePair<string, string>> scopes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time);
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            json.WriteNumber("eventId", entry.EventId.Id);
            json.WriteString("message", message);
            if (stack is not null)
            {
                json.WriteString("exception", stack);
            }

            foreach (var (key, value) in scopes)
            {
                json.WriteString(key, value);
            }

            if (entry.State is IEnumerable<KeyValuePair<string, object?>> state)
            {
                json.WriteStartObject("fields");
                foreach (var (key, value) in state)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}

/// <summary>The console logging of every service (text or JSON) and the default filters.</summary>
public static class ServiceLogging
{
    /// <summary>The console provider with <see cref="ServiceLogFormatter"/>; <c>--Logging:Format json</c> switches to JSON lines.</summary>
    /// <exception cref="ConfigurationException">Logging:Format is neither text nor json.</exception>
    public static ILoggingBuilder AddServiceConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        var format = configuration["Logging:Format"];
        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        if (!json && !string.IsNullOrEmpty(format) && !string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"Logging:Format must be 'text' or 'json', not '{format}'.");
        }

        logging.AddConsole(options => options.FormatterName = ServiceLogFormatter.FormatterName)
            .AddConsoleFormatter<ServiceLogFormatter, ServiceLogFormatterOptions>(options => options.Json = json);
        return logging;
    }
}
