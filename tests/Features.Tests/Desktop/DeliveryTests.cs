using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Tests.Anatomy;
using AyonFtrack.Features.Tests.Fakes;

namespace AyonFtrack.Features.Tests.Desktop;

public sealed class DeliveryTests
{
    private static readonly JsonObject Date = TemplateData.DateTime(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    private static ProjectAnatomy Anatomy() => ProjectAnatomy.FromProjectConfig("demo_show", "demo", ProjectAnatomyTests.DefaultConfig());

    /// <summary>Two versions of renderMain on sh010, each with an <c>exr</c> representation of frames 1001–1003.</summary>
    private static List<Delivery.Source> TwoVersions() =>
    [
        .. new[] { 1, 2 }.Select(version =>
        {
            var directory = $"{{root[work]}}/demo_show/sq010/sh010/publish/render/renderMain/v{version:000}";
            var data = JsonNode.Parse($$"""
                {"project": {"name": "demo_show", "code": "demo"}, "folder": {"name": "sh010"}, "hierarchy": "sq010",
                 "product": {"name": "renderMain", "type": "render"}, "version": {{version}}, "ext": "exr", "representation": "exr", "frame": "1001"}
                """)!.AsObject();
            return new Delivery.Source($"repre{version}", [.. Enumerable.Range(1001, 3).Select(f => $"{directory}/demo_sh010_renderMain_v{version:000}.{f}.exr")], data, true, false);
        }),
    ];

    [Theory]
    [InlineData(AnatomyPlatform.Windows, @"C:\projects\demo_show\sq010\sh010\publish\render\renderMain\v001\demo_sh010_renderMain_v001.1001.exr", @"D:\out\241207\sh010\sh010_renderMain_v002.1003.exr")]
    [InlineData(AnatomyPlatform.Linux, "/mnt/share/projects/demo_show/sq010/sh010/publish/render/renderMain/v001/demo_sh010_renderMain_v001.1001.exr", "/srv/out/241207/sh010/sh010_renderMain_v002.1003.exr")]
    public void Execute_TwoVersionsOfThreeFrames_DeliversSixFilesWithTheTemplatesNames(AnatomyPlatform platform, string firstSource, string lastDestination)
    {
        var location = platform == AnatomyPlatform.Windows ? "D:/out" : "/srv/out";
        var submission = new Delivery.Submission("demo_show", "241207", "client", location, ["exr"]);
        var plan = Delivery.PlanCopies(Anatomy(), platform, submission, Date, TwoVersions());
        var disk = new FakeDesktopFiles(platform);
        foreach (var copy in plan.Copies)
        {
            disk.Files.Add(copy.Source);
        }

        var outcome = Delivery.Execute(plan, disk);

        outcome.ShouldSatisfyAllConditions(
            () => outcome.Success.ShouldBeTrue(),
            () => disk.Copies.Count.ShouldBe(6),
            () => disk.Copies[0].Source.ShouldBe(firstSource),
            () => disk.Copies[^1].Destination.ShouldBe(lastDestination),
            () => disk.Copies.Select(c => Path.GetFileName(c.Destination.Replace('\\', '/'))).ShouldBe(
                ["sh010_renderMain_v001.1001.exr", "sh010_renderMain_v001.1002.exr", "sh010_renderMain_v001.1003.exr",
                 "sh010_renderMain_v002.1001.exr", "sh010_renderMain_v002.1002.exr", "sh010_renderMain_v002.1003.exr"]));
    }

    [Fact]
    public void Execute_NoLocation_DeliversUnderTheProjectRoot()
    {
        var plan = Delivery.PlanCopies(Anatomy(), AnatomyPlatform.Linux, new Delivery.Submission("demo_show", "241207", "client", "", ["exr"]), Date, TwoVersions());

        plan.Copies[0].Destination.ShouldBe("/mnt/share/projects/241207/sh010/sh010_renderMain_v001.1001.exr");
    }

    [Fact]
    public void Execute_MissingSourceFile_ReportsItAndDeliversTheOthers()
    {
        var plan = Delivery.PlanCopies(Anatomy(), AnatomyPlatform.Linux, new Delivery.Submission("demo_show", "241207", "client", "/srv/out", ["exr"]), Date, TwoVersions());
        var disk = new FakeDesktopFiles(AnatomyPlatform.Linux);
        foreach (var copy in plan.Copies.Skip(1))
        {
            disk.Files.Add(copy.Source);
        }

        var outcome = Delivery.Execute(plan, disk);

        outcome.ShouldSatisfyAllConditions(
            () => outcome.Success.ShouldBeFalse(),
            () => outcome.Delivered.Count.ShouldBe(5),
            () => outcome.Problems[Delivery.SourceNotFound].ShouldBe([$"{plan.Copies[0].Source} doesn't exist for repre1"]),
            () => Delivery.JobDescription(outcome).ShouldBe($"Delivery: 5 file(s) delivered. Source file was not found: {plan.Copies[0].Source} doesn't exist for repre1."));
    }

    [Fact]
    public void PlanCopies_ContextWithoutTheTemplatesKeys_ReportsTheRepresentation()
    {
        var sources = TwoVersions();
        sources[0].TemplateData.Remove("product");

        var plan = Delivery.PlanCopies(Anatomy(), AnatomyPlatform.Linux, new Delivery.Submission("demo_show", "241207", "client", "", ["exr"]), Date, sources);

        plan.ShouldSatisfyAllConditions(
            () => plan.Copies.Count.ShouldBe(3),
            () => plan.Problems.Single().Value.ShouldBe(["Representation: repre1<br>- Missing keys: \"product\"<br>"]));
    }

    [Fact]
    public void PlanCopies_TemplateTheAnatomyLacks_NamesIt() =>
        Should.Throw<AnatomyException>(() => Delivery.PlanCopies(Anatomy(), AnatomyPlatform.Linux, new Delivery.Submission("demo_show", "s", "dailies", "", ["exr"]), Date, TwoVersions()))
            .Message.ShouldBe("The anatomy of project \"demo_show\" has no template \"delivery/dailies\".");

    [Fact]
    public void Form_RepresentationsAndTemplates_ListsThem()
    {
        var form = (ActionResult.FormResult)Delivery.Form("demo_show", "241207", ["exr", "mov"], ["client"], singleEntity: false);

        form.ShouldSatisfyAllConditions(
            () => form.Items.Where(i => i["type"]!.GetValue<string>() == "boolean").Select(i => i["name"]!.GetValue<string>()).ShouldBe(["exr", "mov"]),
            () => form.Items.Single(i => i["name"]?.GetValue<string>() == Delivery.TemplateKey)["value"]!.GetValue<string>().ShouldBe("client"),
            () => form.Items.Single(i => i["name"]?.GetValue<string>() == Delivery.SkippedKey)["value"]!.GetValue<bool>().ShouldBeFalse());
    }

    [Fact]
    public void Form_AnatomyWithoutDeliveryTemplates_IsAnErrorFormThatSaysSo()
    {
        var form = (ActionResult.FormResult)Delivery.Form("demo_show", "241207", ["exr"], [], singleEntity: true);

        form.ShouldSatisfyAllConditions(
            () => form.Items.Single(i => i["name"]?.GetValue<string>() == Delivery.SkippedKey)["value"]!.GetValue<bool>().ShouldBeTrue(),
            () => form.Items.Select(i => i["value"]?.ToString()).ShouldContain("- `\"delivery\"` anatomy key is not set in config."));
    }

    [Theory]
    [InlineData("""{"__skipped__": true}""", "Action skipped")]
    [InlineData("""{"__skipped__": false, "__project_name__": "p", "__delivery_template__": "client", "exr": false}""", "No selected components to deliver.")]
    [InlineData("""{"__skipped__": false, "__delivery_template__": "client", "exr": true}""", "The delivery form has no project; launch Delivery again from ftrack.")]
    [InlineData("""{}""", "The delivery form has no project; launch Delivery again from ftrack.")]
    public void Read_BadSubmission_IsRefusedReadably(string values, string refusal) =>
        Delivery.Read(JsonNode.Parse(values)!.AsObject()).Refusal.ShouldBe(refusal);

    [Fact]
    public void Read_Submission_TakesTheTickedNames() =>
        Delivery.Read(JsonNode.Parse("""{"__skipped__": false, "__project_name__": "p", "__session_name__": "s", "__delivery_template__": "client", "__location_path__": " /out ", "exr": true, "mov": false}""")!.AsObject())
            .Submission.ShouldBe(new Delivery.Submission("p", "s", "client", "/out", ["exr"]), new SubmissionComparer());

    [Theory]
    [InlineData("assetversion", true)]
    [InlineData("reviewsession", true)]
    [InlineData("task", false)]
    public void Applies_Selection_NeedsAVersionOrReviewSession(string type, bool expected) =>
        Delivery.Applies([new EventProject.SelectionItem("id", type)]).ShouldBe(expected);

    private sealed class SubmissionComparer : IEqualityComparer<Delivery.Submission?>
    {
        public bool Equals(Delivery.Submission? x, Delivery.Submission? y) =>
            x is not null && y is not null && x with { RepresentationNames = [] } == y with { RepresentationNames = [] } && x.RepresentationNames.SequenceEqual(y.RepresentationNames);

        public int GetHashCode(Delivery.Submission? obj) => 0;
    }
}
