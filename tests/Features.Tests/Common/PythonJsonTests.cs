using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.Common;

public sealed class PythonJsonTests
{
    [Fact]
    public void Dumps_NonAsciiQuotesAndControls_EscapedAsJsonDumps() =>
        PythonJson.Dumps(new JsonObject { ["a"] = "é \"x\"\n\u0001", ["b"] = new JsonArray(1, true, null, 1.5) })
            .ShouldBe("""{"a": "\u00e9 \"x\"\n\u0001", "b": [1, true, null, 1.5]}""");

    [Fact]
    public void Dumps_SortKeys_OrdersByCodePointElseKeepsInsertionOrder()
    {
        var node = JsonNode.Parse("""{"b": {"z": 1, "a": false}, "B": "x", "a": []}""");

        PythonJson.Dumps(node, sortKeys: true).ShouldBe("""{"B": "x", "a": [], "b": {"a": false, "z": 1}}""");
        PythonJson.Dumps(node).ShouldBe("""{"b": {"z": 1, "a": false}, "B": "x", "a": []}""");
    }
}
