using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub;

namespace AyonFtrack.Integration.Tests.Ftrack.Hub;

/// <summary>
/// Issue 14 (2, 3): hostile frames from the hub, each refused on its own, with what can be recovered, while the connection
/// and the events around them carry on.
/// </summary>
public sealed class FtrackEventHubHostileFrameTests
{
    private static string EventFrame(string eventJson) => "5:::{\"name\":\"ftrack.event\",\"args\":[" + eventJson + "]}";

    /// <summary>The hostile cases of issue 14, as (expected recovered id, expected topic, reason fragment, frame bytes).</summary>
    internal static IReadOnlyList<(string? Id, string? Topic, string Reason, byte[] Frame)> HostileCases(string tag)
    {
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        var badUtf8 = Utf8(EventFrame($$"""{"id":"{{tag}}-utf8","topic":"ftrack.update","data":{"name":"AB"},"source":{},"target":""}"""));
        var at = Array.IndexOf(badUtf8, (byte)'A');
        badUtf8[at] = 0xC3;
        badUtf8[at + 1] = 0x28; // a lead byte followed by a non-continuation byte
        return
        [
            ($"{tag}-topic", @"ftrack.\ud800update", "surrogate", Utf8(EventFrame($$"""{"id":"{{tag}}-topic","topic":"ftrack.\ud800update","data":{},"source":{},"target":""}"""))),
            ($@"{tag}-\ud83d", "ftrack.update", "surrogate", Utf8(EventFrame($$"""{"id":"{{tag}}-\ud83d","topic":"ftrack.update","data":{},"source":{},"target":""}"""))),
            ($"{tag}-data", "ftrack.update", "surrogate", Utf8(EventFrame($$"""{"id":"{{tag}}-data","topic":"ftrack.update","data":{"name":"cut \ud83d"},"source":{},"target":""}"""))),
            ($"{tag}-user", "ftrack.update", "surrogate", Utf8(EventFrame($$$"""{"id":"{{{tag}}}-user","topic":"ftrack.update","data":{},"source":{"user":{"username":"hostile-user\udc00"}},"target":""}"""))),
            ($"{tag}-utf8", "ftrack.update", "UTF-8", badUtf8),
            ("12345", "ftrack.update", "number", Utf8(EventFrame("""{"id":12345,"topic":"ftrack.update","data":{},"source":{},"target":""}"""))),
            ($"{tag}-null", null, "null", Utf8(EventFrame($$"""{"id":"{{tag}}-null","topic":null,"data":{},"source":{},"target":""}"""))),
            ($"{tag}-json", "ftrack.update", "not valid JSON", Utf8(EventFrame($$"""{"id":"{{tag}}-json","topic":"ftrack.update","data":{"name":"""))),
        ];
    }

    [Fact]
    public async Task HostileFrames_BetweenGoodEvents_EachRefusedOnceWithIdTopicAndSizeAndTheConnectionStays()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectClientAsync();
        var refused = new List<FtrackRejectedFrame>();
        client.SetRejectedFrameHandler((frame, _) =>
        {
            lock (refused)
            {
                refused.Add(frame);
            }

            return Task.CompletedTask;
        });
        var inbox = new Inbox();
        await client.SubscribeAsync("topic=*", inbox.HandleAsync, null, CancellationToken.None);
        var cases = HostileCases("h");
        var good = new List<string>();
        foreach (var (_, _, _, frame) in cases)
        {
            good.Add(harness.Server.PublishAsWebClient("ayon.test.good", new JsonObject { ["n"] = good.Count }));
            harness.Server.SendRawBytesToAll(frame).ShouldBe(1);
        }

        good.Add(harness.Server.PublishAsWebClient("ayon.test.good", new JsonObject { ["n"] = good.Count }));
        await HubHarness.WaitUntilAsync(() => good.All(id => inbox.Count(id) == 1), "every good event");
        await HubHarness.WaitUntilAsync(() => { lock (refused) { return refused.Count >= cases.Count; } }, "every hostile frame refused");

        client.ConnectCount.ShouldBe(1);
        client.IsConnected.ShouldBeTrue();
        inbox.Events.Where(e => e.Topic != "ayon.test.good").ShouldBeEmpty();
        refused.Count.ShouldBe(cases.Count);
        for (var n = 0; n < cases.Count; n++)
        {
            refused[n].ShouldSatisfyAllConditions(
                r => r.EventId.ShouldBe(cases[n].Id),
                r => r.Topic.ShouldBe(cases[n].Topic),
                r => r.Reason.ShouldContain(cases[n].Reason),
                r => r.Size.ShouldBe(cases[n].Frame.Length),
                r => r.Content.ShouldNotBeNullOrEmpty());
        }

        (await client.CheckLivenessAsync(null, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task OversizeFrame_IsStreamedWholeToTheFolderNotHeld_AndTheNextEventArrives()
    {
        var folder = Directory.CreateTempSubdirectory("hub-oversize-").FullName;
        try
        {
            await using var harness = await HubHarness.StartAsync();
            var client = await harness.ConnectClientAsync(o =>
            {
                o.MaxFrameBytes = 64 * 1024;
                o.RejectedFrameFolder = folder;
            });
            var refused = new List<FtrackRejectedFrame>();
            client.SetRejectedFrameHandler((frame, _) =>
            {
                lock (refused)
                {
                    refused.Add(frame);
                }

                return Task.CompletedTask;
            });
            var inbox = new Inbox();
            await client.SubscribeAsync("topic=*", inbox.HandleAsync, null, CancellationToken.None);

            var big = harness.Server.PublishAsWebClient("ayon.test.big", new JsonObject { ["blob"] = new string('x', 1024 * 1024) });
            var next = harness.Server.PublishAsWebClient("ayon.test.next", []);
            await inbox.WaitForAsync(next);
            await HubHarness.WaitUntilAsync(() => { lock (refused) { return refused.Count == 1; } }, "the oversize frame refused");

            var frame = refused.ShouldHaveSingleItem();
            frame.EventId.ShouldBe(big);
            frame.Topic.ShouldBe("ayon.test.big");
            frame.Size.ShouldBeGreaterThan(1024 * 1024);
            frame.Content.ShouldBeNull();
            frame.Reason.ShouldContain("over the 65536-byte limit");
            var kept = await File.ReadAllTextAsync(frame.FilePath.ShouldNotBeNull());
            kept.Length.ShouldBe((int)frame.Size);
            kept.ShouldStartWith("5:");
            kept.ShouldContain(big);
            kept.ShouldEndWith("}]}");
            inbox.Count(big).ShouldBe(0);
            client.ConnectCount.ShouldBe(1);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(frame.FilePath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
