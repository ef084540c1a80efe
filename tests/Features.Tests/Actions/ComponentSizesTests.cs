using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;

namespace AyonFtrack.Features.Tests.Actions;

public sealed class ComponentSizesTests
{
    [Theory]
    [InlineData(-1L, "N/A")]
    [InlineData(1000L, "1000 B")]
    [InlineData(1536L, "1.5 KB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3 GB")]
    public void HumanSize_BinaryUnits(long bytes, string expected) => ComponentSizes.HumanSize(bytes).ShouldBe(expected);

    [Fact]
    public void StartDataThenCsv_DescriptionCountsDoneProjectsAndTheCsvListsLargestFirst()
    {
        var data = ComponentSizes.StartData([("p1", "small, show"), ("p2", "big"), ("p3", "gone")], "AllProjects_size_26-11-24-1000");
        data["description"]!.GetValue<string>().ShouldBe("Size calculation (0/3)");
        data["project_data"]!["p1"]!["size"] = 10;
        data["project_data"]!["p1"]!["done"] = true;
        data["project_data"]!["p2"]!["size"] = 2048;
        data["project_data"]!["p2"]!["done"] = true;

        ComponentSizes.Description(data).ShouldBe("Size calculation (2/3)");
        ComponentSizes.Csv(data).ShouldBe("Project name,Size,Size (bytes)\nbig,2 KB,2048\n\"small, show\",10 B,10\ngone,N/A,-1\n");
    }

    [Fact]
    public void Calculate_EventWithoutProjectOrJob_Null()
    {
        var e = AyonFtrack.Features.Common.FtrackEvent.Create("e", ComponentSizes.CalculateTopic, new JsonObject { ["project_id"] = "p" });
        ComponentSizes.Calculate(e).ShouldBeNull();
    }
}
