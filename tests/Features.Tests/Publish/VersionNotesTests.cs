using System.Text.Json.Nodes;
using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class VersionNotesTests
{
    [Fact]
    public void DecideDescription_IntentObject_UsesLabel() =>
        VersionNotes.DecideDescription(new IntegrateFtrackDescriptionSettings { DescriptionTemplate = "{intent}: {comment}" }, "fixed", new JsonObject { ["value"] = "wip", ["label"] = "WIP" })
            .Text.ShouldBe("WIP: fixed");

    [Fact]
    public void DecideDescription_NothingToSay_IsNull() =>
        VersionNotes.DecideDescription(new IntegrateFtrackDescriptionSettings { DescriptionTemplate = "{comment}" }, "", null).Text.ShouldBeNull();

    [Fact]
    public void DecideNote_PublishedPathsSortedAndJoined() =>
        VersionNotes.DecideNote(new IntegrateFtrackNoteSettings { NoteTemplate = "{comment} on {host_name}: {published_paths}" },
                new PublishContext { HostName = "nuke" }, new PublishInstance { Comment = "c" }, ["/b", "/a", "/b"])
            .Text.ShouldBe("c on nuke: /a<br/>/b");

    [Fact]
    public void DecideNote_UnsolvedTemplate_IsNull() =>
        VersionNotes.DecideNote(new IntegrateFtrackNoteSettings { NoteTemplate = "{comment}" }, new PublishContext(), new PublishInstance(), []).Text.ShouldBeNull();
}
