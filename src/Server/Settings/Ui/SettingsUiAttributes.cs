namespace AyonFtrack.Server.Settings.Ui;

/// <summary>
/// How a settings record shows in AYON's settings UI: the class docstring, the list-item layout and whether the
/// model is one group (AYON's <c>_layout</c> and <c>_isGroup</c>). Read by <see cref="PythonSettingsGenerator"/>,
/// which writes the addon's pydantic model; the C# record stays the one source of truth.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SettingsModelAttribute : Attribute
{
    /// <summary>Shown above the model's fields (the Python class docstring).</summary>
    public string? Description { get; init; }

    /// <summary>AYON layout of the model, e.g. <c>expanded</c> for list items edited in place.</summary>
    public string? Layout { get; init; }

    /// <summary>True when AYON shows the model as one group (overrides are kept for the whole model).</summary>
    public bool IsGroup { get; init; }
}

/// <summary>
/// A settings field's UI metadata and value rules, emitted as <c>SettingsField(...)</c> keywords and pydantic
/// validators in the generated Python (ayon-addon-packaging.md §2).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class SettingAttribute : Attribute
{
    public SettingAttribute(string? title = null) => Title = title;

    public string? Title { get; }

    public string? Description { get; init; }

    /// <summary>AYON scopes, e.g. <c>["studio"]</c>; none means AYON's default (project and studio).</summary>
    public string[]? Scope { get; init; }

    /// <summary>A section heading shown above the field (<c>---</c> draws a separator).</summary>
    public string? Section { get; init; }

    /// <summary>A widget other than the type's default, e.g. <c>time</c> or <c>textarea</c>.</summary>
    public string? Widget { get; init; }

    /// <summary>A name from <see cref="SettingsEnums"/>: the values AYON offers for the field.</summary>
    public string? EnumResolver { get; init; }

    /// <summary>The enum's value picks which sibling field is shown (AYON's <c>conditional_enum</c>).</summary>
    public bool ConditionalEnum { get; init; }

    /// <summary>The smallest accepted number (pydantic <c>ge</c>); NaN means no bound.</summary>
    public double Minimum { get; init; } = double.NaN;

    /// <summary>A regular expression the whole text must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>A list of items whose <c>name</c> must be unique (the original's <c>ensure_unique_names</c>).</summary>
    public bool UniqueNames { get; init; }

    /// <summary>Text that must parse to a JSON object.</summary>
    public bool JsonObjectText { get; init; }
}
