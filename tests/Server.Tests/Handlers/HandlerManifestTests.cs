using AyonFtrack.Server.Handlers;

namespace AyonFtrack.Server.Tests.Handlers;

public sealed class HandlerManifestTests
{
    [Fact]
    public void Parse_ValidManifest_ReadsEveryKey()
    {
        const string json = """
            {"version": "1.0.0", "handler_subfolders": ["handlers", "more/handlers/"], "python_path_subfolders": ["./vendor"]}
            """;

        var manifest = HandlerManifest.Parse(json);

        manifest.ShouldSatisfyAllConditions(
            () => manifest.Version.ShouldBe("1.0.0"),
            () => manifest.HandlerSubfolders.ShouldBe(["handlers", "more/handlers"]),
            () => manifest.PythonPathSubfolders.ShouldBe(["vendor"]));
    }

    [Fact]
    public void Parse_OnlyVersion_DefaultsFoldersToEmpty()
    {
        var manifest = HandlerManifest.Parse("""{"version": "0.9.1", "future_key": true}""");

        manifest.HandlerSubfolders.ShouldBeEmpty();
        manifest.PythonPathSubfolders.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("1.0.1")]
    [InlineData("1.1.0")]
    public void Parse_NewerVersion_ReportsUnsupportedNamingVersion(string version)
    {
        var ex = Should.Throw<HandlerManifestException>(
            () => HandlerManifest.Parse($$"""{"version": "{{version}}", "handler_subfolders": ["h"]}"""));

        ex.ShouldSatisfyAllConditions(
            () => ex.Error.ShouldBe(HandlerManifestError.UnsupportedVersion),
            () => ex.Key.ShouldBe("version"),
            () => ex.Message.ShouldContain($"version {version} is not supported"),
            () => ex.Message.ShouldContain("1.0.0"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Parse_NoContent_ReportsEmpty(string? json)
    {
        var ex = Should.Throw<HandlerManifestException>(() => HandlerManifest.Parse(json));

        ex.Error.ShouldBe(HandlerManifestError.Empty);
        ex.Message.ShouldContain("manifest.json is empty");
    }

    [Theory]
    [InlineData("{\"version\": \"1.0.0\"")]
    [InlineData("version: 1.0.0")]
    [InlineData("{'version': '1.0.0'}")]
    public void Parse_MalformedJson_ReportsMalformed(string json)
    {
        var ex = Should.Throw<HandlerManifestException>(() => HandlerManifest.Parse(json));

        ex.Error.ShouldBe(HandlerManifestError.MalformedJson);
        ex.Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Parse_MissingVersion_ReportsMissingKey()
    {
        var ex = Should.Throw<HandlerManifestException>(() => HandlerManifest.Parse("""{"handler_subfolders": ["h"]}"""));

        ex.Error.ShouldBe(HandlerManifestError.MissingKey);
        ex.Key.ShouldBe("version");
        ex.Message.ShouldContain("'version'");
    }

    [Theory]
    [InlineData("""[]""", null, "must hold a JSON object")]
    [InlineData("""{"version": 1}""", "version", "must be a string, got a number")]
    [InlineData("""{"version": "1.0.0", "handler_subfolders": "handlers"}""", "handler_subfolders", "must be a list of strings, got a string")]
    [InlineData("""{"version": "1.0.0", "handler_subfolders": ["a", 3]}""", "handler_subfolders[1]", "must be a string, got a number")]
    [InlineData("""{"version": "1.0.0", "python_path_subfolders": {"a": 1}}""", "python_path_subfolders", "got an object")]
    public void Parse_WrongType_NamesKey(string json, string? key, string reason)
    {
        var ex = Should.Throw<HandlerManifestException>(() => HandlerManifest.Parse(json));

        ex.Error.ShouldBe(HandlerManifestError.WrongType);
        ex.Key.ShouldBe(key);
        ex.Message.ShouldContain(reason);
    }

    [Theory]
    [InlineData("""{"version": "1.0"}""", "version")]
    [InlineData("""{"version": "v1.0.0"}""", "version")]
    [InlineData("""{"version": "1.0.0", "handler_subfolders": ["../outside"]}""", "handler_subfolders[0]")]
    [InlineData("""{"version": "1.0.0", "handler_subfolders": ["/etc"]}""", "handler_subfolders[0]")]
    [InlineData("""{"version": "1.0.0", "python_path_subfolders": ["ok", "a/../../b"]}""", "python_path_subfolders[1]")]
    [InlineData("""{"version": "1.0.0", "handler_subfolders": ["C:\\handlers"]}""", "handler_subfolders[0]")]
    public void Parse_InvalidValue_NamesKey(string json, string key)
    {
        var ex = Should.Throw<HandlerManifestException>(() => HandlerManifest.Parse(json));

        ex.Error.ShouldBe(HandlerManifestError.InvalidValue);
        ex.Key.ShouldBe(key);
    }
}
