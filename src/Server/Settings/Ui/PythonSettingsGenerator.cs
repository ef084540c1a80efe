using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Server.Settings.Ui;

/// <summary>
/// Writes the addon's pydantic v1 settings model (<c>server/settings_gen.py</c>) from the C# settings records, so
/// the services and AYON's settings UI read one definition: one Python class per record (named like the record, so
/// every schema definition matches its class name), one field per JSON property with the record's own default,
/// the <see cref="SettingAttribute"/> metadata as <c>SettingsField</c> keywords, and validators for unique names,
/// JSON-object text and patterns. The output is stable (same records → same text); a golden-file test keeps it
/// reviewed.
/// </summary>
public static class PythonSettingsGenerator
{
    /// <summary>The module's file name inside the addon's <c>server/</c> package.</summary>
    public const string FileName = "settings_gen.py";

    /// <summary>The root model class (the addon's <c>settings_model</c>).</summary>
    public static string RootClassName => nameof(FtrackSettings);

    private static readonly JsonSerializerOptions LiteralOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The module's Python source.</summary>
    public static string Generate()
    {
        var models = ModelsInDependencyOrder(typeof(FtrackSettings));
        var enums = models.SelectMany(Fields).Select(f => f.Setting?.EnumResolver).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var name in enums.Where(e => !SettingsEnums.Dynamic.Contains(e) && !SettingsEnums.Static.ContainsKey(e)))
        {
            throw new InvalidOperationException($"Settings enum '{name}' is neither static nor dynamic in {nameof(SettingsEnums)}.");
        }

        var text = new StringBuilder();
        text.Append("""
            # Generated from the C# settings records (AyonFtrack.Server.Settings) by PythonSettingsGenerator.
            # Do not edit: change the records and run build/package.sh; tests compare this file with the generator.
            # ruff: noqa: E501
            from pydantic import validator

            from ayon_server.settings import BaseSettingsModel, SettingsField
            from ayon_server.settings.enum import secrets_enum

            from .resolvers import project_link_types_enum
            from .validators import json_object_text, unique_names

            """);
        foreach (var (name, items) in SettingsEnums.Static.Where(e => enums.Contains(e.Key)))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\ndef {EnumFunction(name)}():\n    return [\n");
            foreach (var item in items)
            {
                text.Append(CultureInfo.InvariantCulture, $"        {{\"value\": {Str(item.Value)}, \"label\": {Str(item.Label)}}},\n");
            }

            text.Append("    ]\n");
        }

        foreach (var model in models)
        {
            text.Append("\n\n").Append(ClassSource(model));
        }

        return text.ToString();
    }

    /// <summary>The addon's default settings as <c>server/defaults.json</c> (indented, keys in record order).</summary>
    public static string GenerateDefaultsJson() => FtrackSettings.Defaults.ToJson(indented: true) + "\n";

    /// <summary>The record types reachable from <paramref name="root"/>, each after the records its fields use.</summary>
    public static IReadOnlyList<Type> ModelsInDependencyOrder(Type root)
    {
        var ordered = new List<Type>();
        var seen = new HashSet<Type>();
        Visit(root);
        return ordered;

        void Visit(Type type)
        {
            if (!seen.Add(type))
            {
                return;
            }

            foreach (var field in Fields(type))
            {
                if (field.ModelType is { } child)
                {
                    Visit(child);
                }
            }

            ordered.Add(type);
        }
    }

    private static string ClassSource(Type model)
    {
        var meta = model.GetCustomAttribute<SettingsModelAttribute>();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"class {model.Name}(BaseSettingsModel):\n");
        var body = new List<string>();
        if (meta?.Description is { } description)
        {
            body.Add(Docstring(description));
        }

        var privates = new List<string>();
        if (meta?.Layout is { } layout)
        {
            privates.Add($"    _layout = {Str(layout)}");
        }

        if (meta?.IsGroup == true)
        {
            privates.Add("    _isGroup = True");
        }

        if (privates.Count > 0)
        {
            body.Add(string.Join('\n', privates));
        }

        var fields = Fields(model).ToList();
        var fresh = CreateFresh(model);
        body.Add(string.Join('\n', fields.Select(f => $"    {f.JsonName}: {PythonType(f.Property.PropertyType)} = {SettingsField(f, fresh)}")));
        foreach (var field in fields)
        {
            if (field.Setting?.UniqueNames == true)
            {
                body.Add(Validator(field, "unique_names"));
            }

            if (field.Setting?.JsonObjectText == true)
            {
                body.Add(Validator(field, "json_object_text"));
            }
        }

        text.Append(string.Join("\n\n", body)).Append('\n');
        return text.ToString();
    }

    private static string Validator(FieldInfo field, string function) =>
        $"    @validator({Str(field.JsonName)})\n    def _{function}_{field.JsonName}(cls, value):\n        return {function}(value)";

    private static string SettingsField(FieldInfo field, object fresh)
    {
        var args = new List<string>();
        var type = field.Property.PropertyType;
        if (!field.IsRequired)
        {
            var value = field.Property.GetValue(fresh);
            if (field.ModelType is { } modelType && !IsList(type))
            {
                var differences = Differences(JsonOf(value, type), JsonOf(CreateFresh(modelType), modelType));
                args.Add(differences.Count == 0
                    ? $"default_factory={modelType.Name}"
                    : $"default_factory=lambda: {modelType.Name}(**{Literal(differences)})");
            }
            else if (IsList(type))
            {
                var items = JsonOf(value, type).AsArray();
                if (items.Count > 0 && field.ModelType is not null)
                {
                    throw new NotSupportedException($"{field.Property.DeclaringType!.Name}.{field.Property.Name}: a non-empty default list of models is not generated.");
                }

                args.Add(items.Count == 0 ? "default_factory=list" : $"default_factory=lambda: {Literal(items)}");
            }
            else if (type == typeof(double) || type == typeof(float))
            {
                args.Add(Number(Convert.ToDouble(value, CultureInfo.InvariantCulture), type));
            }
            else
            {
                args.Add(Literal(JsonOf(value, type)));
            }
        }

        if (field.Setting is { } setting)
        {
            Add("title", setting.Title);
            Add("description", setting.Description);
            if (setting.Scope is { Length: > 0 } scope)
            {
                args.Add($"scope=[{string.Join(", ", scope.Select(Str))}]");
            }

            Add("section", setting.Section);
            Add("widget", setting.Widget);
            if (setting.EnumResolver is { } resolver)
            {
                args.Add($"enum_resolver={ResolverFunction(resolver)}");
            }

            if (setting.ConditionalEnum)
            {
                args.Add("conditional_enum=True");
            }

            if (!double.IsNaN(setting.Minimum))
            {
                args.Add($"ge={Number(setting.Minimum, type)}");
            }

            Add("regex", setting.Pattern);
        }

        return $"SettingsField({string.Join(", ", args)})";

        void Add(string keyword, string? value)
        {
            if (value is not null)
            {
                args.Add($"{keyword}={Str(value)}");
            }
        }
    }

    private static string ResolverFunction(string name) => name switch
    {
        SettingsEnums.Secrets => "secrets_enum",
        SettingsEnums.ProjectLinkTypes => "project_link_types_enum",
        _ => EnumFunction(name),
    };

    private static string EnumFunction(string name) => $"_{name}_enum";

    private static JsonObject Differences(JsonNode actual, JsonNode fresh)
    {
        var result = new JsonObject();
        foreach (var (key, value) in actual.AsObject())
        {
            if (!JsonNode.DeepEquals(value, fresh[key]))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonNode JsonOf(object? value, Type type) =>
        JsonSerializer.SerializeToNode(value, type, FtrackSettingsReader.Options) ?? throw new InvalidOperationException($"{type.Name} has no default.");

    private static object CreateFresh(Type model) =>
        Activator.CreateInstance(model) ?? throw new InvalidOperationException($"{model.Name} cannot be created.");

    private static string PythonType(Type type)
    {
        if (IsList(type))
        {
            return $"list[{PythonType(type.GetGenericArguments()[0])}]";
        }

        if (type == typeof(bool))
        {
            return "bool";
        }

        if (type == typeof(string))
        {
            return "str";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return "int";
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return "float";
        }

        return IsModel(type) ? type.Name : throw new NotSupportedException($"Settings type {type.Name} has no Python type.");
    }

    private static string Literal(JsonNode? node) => node switch
    {
        null => "None",
        JsonArray array => $"[{string.Join(", ", array.Select(Literal))}]",
        JsonObject obj => $"{{{string.Join(", ", obj.Select(p => $"{Str(p.Key)}: {Literal(p.Value)}"))}}}",
        JsonValue value when value.GetValueKind() == JsonValueKind.True => "True",
        JsonValue value when value.GetValueKind() == JsonValueKind.False => "False",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Str(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Number(double value, Type type) =>
        type == typeof(double) || type == typeof(float)
            ? value.ToString("0.0###############", CultureInfo.InvariantCulture)
            : ((long)value).ToString(CultureInfo.InvariantCulture);

    /// <summary>A Python string literal (JSON's escapes are valid Python escapes).</summary>
    internal static string Str(string value) => JsonSerializer.Serialize(value, LiteralOptions);

    private static string Docstring(string description)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in description.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > 74)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"\"\"", "\\\"\\\"\\\"", StringComparison.Ordinal));
        }

        lines.Add(line.ToString());
        return lines.Count == 1
            ? $"    \"\"\"{lines[0]}\"\"\""
            : $"    \"\"\"{lines[0]}\n{string.Concat(lines.Skip(1).Select(l => $"    {l}\n"))}    \"\"\"";
    }

    private static bool IsList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

    private static bool IsModel(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(FtrackSettings).Namespace;

    private static IEnumerable<FieldInfo> Fields(Type model) =>
        model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .OrderBy(p => p.MetadataToken)
            .Select(p =>
            {
                var elementType = IsList(p.PropertyType) ? p.PropertyType.GetGenericArguments()[0] : p.PropertyType;
                return new FieldInfo(
                    p,
                    p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name,
                    p.GetCustomAttribute<SettingAttribute>(),
                    IsModel(elementType) ? elementType : null,
                    p.GetCustomAttribute<RequiredMemberAttribute>() is not null);
            });

    private sealed record FieldInfo(PropertyInfo Property, string JsonName, SettingAttribute? Setting, Type? ModelType, bool IsRequired);
}
