namespace AyonFtrack.Server.Attributes;

/// <summary>AYON entity types an attribute scope may name (<c>/api/attributes</c> <c>scope</c> items).</summary>
public static class AttributeScopes
{
    public const string Project = "project";
    public const string User = "user";
    public const string Folder = "folder";
    public const string Product = "product";
    public const string Version = "version";
    public const string Representation = "representation";
    public const string Task = "task";
    public const string Workfile = "workfile";
    public const string List = "list";
}
