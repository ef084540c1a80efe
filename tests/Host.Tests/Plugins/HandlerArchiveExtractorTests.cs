using AyonFtrack.Features.Plugins;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class HandlerArchiveExtractorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("handlers.zip")]
    [InlineData("handlers.tar")]
    [InlineData("handlers.tgz")]
    [InlineData("handlers.tar.gz")]
    [InlineData("handlers.tar.bz2")]
    [InlineData("HANDLERS.TAR.GZ")]
    public async Task ExtractAsync_SupportedFormat_WritesEveryFileInside(string fileName)
    {
        var archive = Save(fileName, TestArchives.Build(fileName,
        [
            TestArchives.Manifest("1.0.0", ["handlers"]),
            TestEntry.Directory("handlers"),
            TestEntry.File("handlers/readme.txt", "hello"),
            TestEntry.File("./libs/deep/dep.txt", "dep"),
        ]));
        var target = _temp.Combine("out");

        var result = await Extractor().ExtractAsync(archive, target, CancellationToken.None);

        result.ShouldSatisfyAllConditions(
            () => File.ReadAllText(Path.Combine(target, "handlers", "readme.txt")).ShouldBe("hello"),
            () => File.ReadAllText(Path.Combine(target, "libs", "deep", "dep.txt")).ShouldBe("dep"),
            () => File.Exists(Path.Combine(target, "manifest.json")).ShouldBeTrue(),
            () => result.Bytes.ShouldBe(new FileInfo(Path.Combine(target, "manifest.json")).Length + 8));
    }

    [Fact]
    public async Task ExtractAsync_TarXz_WritesFiles()
    {
        var archive = Save("handlers.tar.xz", TestArchives.TarXz);
        var target = _temp.Combine("out");

        await Extractor().ExtractAsync(archive, target, CancellationToken.None);

        File.ReadAllText(Path.Combine(target, "handlers", "readme.txt")).ShouldBe("made by xz");
    }

    [Theory]
    [InlineData("evil.zip", "../evil.txt")]
    [InlineData("evil.tar.gz", "../evil.txt")]
    [InlineData("evil.zip", "handlers/../../evil.txt")]
    [InlineData("evil.tar", "handlers/../../evil.txt")]
    [InlineData("evil.zip", "..\\evil.txt")]
    public async Task ExtractAsync_ParentSegment_RejectsNamingTheEntry(string fileName, string entry)
    {
        var archive = Save(fileName, TestArchives.Build(fileName, [TestEntry.File("ok.txt", "fine"), TestEntry.File(entry, "evil")]));
        var target = _temp.Combine("out");

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, target, CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.ArchiveName.ShouldBe(fileName),
            () => ex.EntryName.ShouldBe(entry),
            () => ex.Message.ShouldContain($"'{fileName}'"),
            () => ex.Message.ShouldContain($"'{entry}'"),
            () => ex.Message.ShouldContain("'..'"),
            () => File.Exists(_temp.Combine("evil.txt")).ShouldBeFalse(),
            () => Directory.Exists(target).ShouldBeFalse());
    }

    [Theory]
    [InlineData("abs.zip", "/tmp/abs.txt", "absolute path")]
    [InlineData("abs.tar.gz", "/tmp/abs.txt", "absolute path")]
    [InlineData("abs.zip", "\\\\server\\share\\abs.txt", "absolute path")]
    [InlineData("abs.zip", "C:/Windows/abs.txt", "drive letter")]
    [InlineData("abs.tar", "c:abs.txt", "drive letter")]
    public async Task ExtractAsync_AbsoluteOrDrivePath_RejectsNamingTheEntry(string fileName, string entry, string reason)
    {
        var archive = Save(fileName, TestArchives.Build(fileName, [TestEntry.File(entry, "abs")]));

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.EntryName.ShouldBe(entry),
            () => ex.Message.ShouldContain($"'{entry}'"),
            () => ex.Message.ShouldContain(reason));
    }

    [Theory]
    [InlineData("links.tar")]
    [InlineData("links.tar.gz")]
    [InlineData("links.zip")]
    public async Task ExtractAsync_SymbolicLink_RejectsNamingTheEntry(string fileName)
    {
        var archive = Save(fileName, TestArchives.Build(fileName, [TestEntry.File("ok.txt", "fine"), TestEntry.Symlink("handlers/passwd", "/etc/passwd")]));
        var target = _temp.Combine("out");

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, target, CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.EntryName.ShouldBe("handlers/passwd"),
            () => ex.Message.ShouldContain("link"),
            () => Directory.Exists(target).ShouldBeFalse());
    }

    [Fact]
    public async Task ExtractAsync_HardLink_RejectsNamingTheEntry()
    {
        var archive = Save("links.tar", TestArchives.Tar([TestEntry.File("ok.txt", "fine"), TestEntry.HardLink("copy.txt", "ok.txt")]));

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.EntryName.ShouldBe("copy.txt"),
            () => ex.Message.ShouldContain("hard link"));
    }

    [Theory]
    [InlineData("big.zip")]
    [InlineData("big.tar.gz")]
    public async Task ExtractAsync_EntryOverLimit_RejectsNamingTheEntry(string fileName)
    {
        var archive = Save(fileName, TestArchives.Build(fileName, [TestEntry.File("small.txt", "x"), TestEntry.File("big.bin", new byte[2048])]));
        var limits = ArchiveLimits.Default with { MaxEntryBytes = 1024 };

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => new HandlerArchiveExtractor(limits).ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.EntryName.ShouldBe("big.bin"),
            () => ex.Message.ShouldContain("limit of 1024 bytes per entry"),
            () => ex.Message.ShouldContain("Plugins:MaxEntryBytes"));
    }

    [Fact]
    public async Task ExtractAsync_ZipUnderstatingItsSize_StopsAtTheLimitWhileWriting()
    {
        // A zip bomb that lies: both headers claim 10 bytes, the deflated data expands to 100 000.
        var bytes = TestArchives.Zip([TestEntry.File("liar.bin", new byte[100_000])]);
        PatchUncompressedSizes(bytes, 10);
        var archive = Save("liar.zip", bytes);
        var limits = ArchiveLimits.Default with { MaxEntryBytes = 1000 };

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => new HandlerArchiveExtractor(limits).ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.EntryName.ShouldBe("liar.bin"),
            () => ex.Message.ShouldContain("entry 'liar.bin': is over the limit of 1000 bytes per entry"));
    }

    [Theory]
    [InlineData("bomb.zip")]
    [InlineData("bomb.tar.bz2")]
    public async Task ExtractAsync_TotalOverLimit_Rejects(string fileName)
    {
        // Highly compressible: 5 x 400 KB of zeros stay small compressed, but expand past the 1 MB limit.
        var archive = Save(fileName, TestArchives.Build(fileName, Enumerable.Range(1, 5).Select(i => TestEntry.File($"part{i}.bin", new byte[400_000]))));
        var limits = ArchiveLimits.Default with { MaxTotalBytes = 1_000_000 };

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => new HandlerArchiveExtractor(limits).ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => new FileInfo(archive).Length.ShouldBeLessThan(100_000),
            () => ex.EntryName.ShouldBe("part3.bin"),
            () => ex.Message.ShouldContain("uncompressed size exceeds the limit of 1000000 bytes"));
    }

    [Fact]
    public async Task ExtractAsync_TooManyEntries_Rejects()
    {
        var archive = Save("many.zip", TestArchives.Zip(Enumerable.Range(1, 6).Select(i => TestEntry.File($"f{i}.txt", "x"))));
        var limits = ArchiveLimits.Default with { MaxEntries = 5 };

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => new HandlerArchiveExtractor(limits).ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.EntryName.ShouldBe("f6.txt"),
            () => ex.Message.ShouldContain("more than 5 entries"));
    }

    [Fact]
    public async Task ExtractAsync_DuplicateEntry_Rejects()
    {
        var archive = Save("twice.zip", TestArchives.Zip([TestEntry.File("a.txt", "one"), TestEntry.File("a.txt", "two")]));

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.Message.ShouldContain("appears twice");
    }

    [Theory]
    [InlineData("handlers.rar")]
    [InlineData("handlers.7z")]
    [InlineData("handlers")]
    [InlineData("handlers.gz")]
    public async Task ExtractAsync_UnknownExtension_ErrorNamesTheFile(string fileName)
    {
        var archive = Save(fileName, [1, 2, 3]);

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, _temp.Combine("out"), CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.Message.ShouldContain($"'{fileName}'"),
            () => ex.Message.ShouldContain("unsupported archive type"),
            () => ex.Message.ShouldContain(".tar.bz2"));
    }

    [Theory]
    [InlineData("garbage.zip")]
    [InlineData("garbage.tar.gz")]
    [InlineData("garbage.tar.xz")]
    [InlineData("garbage.tar")]
    public async Task ExtractAsync_GarbageBytes_RejectsNamingTheArchive(string fileName)
    {
        var archive = Save(fileName, [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7919 % 251))]);
        var target = _temp.Combine("out");

        var ex = await Should.ThrowAsync<HandlerArchiveException>(() => Extractor().ExtractAsync(archive, target, CancellationToken.None));

        ex.ShouldSatisfyAllConditions(
            () => ex.ArchiveName.ShouldBe(fileName),
            () => ex.Message.ShouldContain($"'{fileName}'"),
            () => Directory.Exists(target).ShouldBeFalse());
    }

    [Theory]
    [InlineData("a.zip", HandlerArchiveFormat.Zip)]
    [InlineData("a.tar", HandlerArchiveFormat.Tar)]
    [InlineData("a.tgz", HandlerArchiveFormat.TarGzip)]
    [InlineData("a.tar.gz", HandlerArchiveFormat.TarGzip)]
    [InlineData("a.tar.xz", HandlerArchiveFormat.TarXz)]
    [InlineData("a.TAR.BZ2", HandlerArchiveFormat.TarBzip2)]
    public void DetectFormat_KnownEnding_ReturnsFormat(string fileName, HandlerArchiveFormat expected) =>
        HandlerArchiveExtractor.DetectFormat(fileName).ShouldBe(expected);

    /// <summary>Rewrites the uncompressed size in every local header and central directory record of a zip.</summary>
    private static void PatchUncompressedSizes(byte[] zip, uint size)
    {
        var patched = 0;
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            var signature = BitConverter.ToUInt32(zip, i);
            var offset = signature switch
            {
                0x04034b50 => 22, // local file header
                0x02014b50 => 24, // central directory file header
                _ => -1,
            };
            if (offset > 0)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + offset, 4), size).ShouldBeTrue();
                patched++;
            }
        }

        patched.ShouldBe(2);
    }

    private static HandlerArchiveExtractor Extractor() => new(ArchiveLimits.Default);

    private string Save(string fileName, byte[] bytes)
    {
        var folder = _temp.Combine("archives");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
