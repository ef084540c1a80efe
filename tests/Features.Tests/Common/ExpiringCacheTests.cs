using AyonFtrack.Features.Common;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Features.Tests.Common;

public sealed class ExpiringCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private sealed class Loader
    {
        public int Calls { get; private set; }

        public Task<string> LoadAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult($"value{Calls}");
        }
    }

    [Fact]
    public async Task GetOrLoadAsync_WithinTtl_LoadsOnceAndSaysFromCache()
    {
        var time = new FakeTimeProvider();
        var cache = new ExpiringCache<string, string>(time, Ttl);
        var loader = new Loader();

        var first = await cache.GetOrLoadAsync("k", loader.LoadAsync, null, CancellationToken.None);
        time.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        var second = await cache.GetOrLoadAsync("k", loader.LoadAsync, null, CancellationToken.None);

        first.ShouldBe(new CachedRead<string>("value1", false));
        second.ShouldBe(new CachedRead<string>("value1", true));
        loader.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task GetOrLoadAsync_TtlElapsed_LoadsAgain()
    {
        var time = new FakeTimeProvider();
        var cache = new ExpiringCache<string, string>(time, Ttl);
        var loader = new Loader();

        await cache.GetOrLoadAsync("k", loader.LoadAsync, null, CancellationToken.None);
        time.Advance(Ttl);
        var again = await cache.GetOrLoadAsync("k", loader.LoadAsync, null, CancellationToken.None);

        again.ShouldBe(new CachedRead<string>("value2", false));
        loader.Calls.ShouldBe(2);
        cache.TryGet("k", out var stored).ShouldBeTrue();
        stored.ShouldBe("value2");
    }

    [Fact]
    public async Task Forget_OneKey_OnlyThatKeyLoadsAgain()
    {
        var cache = new ExpiringCache<string, string>(new FakeTimeProvider(), Ttl);
        var a = new Loader();
        var b = new Loader();
        await cache.GetOrLoadAsync("a", a.LoadAsync, null, CancellationToken.None);
        await cache.GetOrLoadAsync("b", b.LoadAsync, null, CancellationToken.None);

        cache.Forget("a").ShouldBeTrue();
        cache.Forget("missing").ShouldBeFalse();
        (await cache.GetOrLoadAsync("a", a.LoadAsync, null, CancellationToken.None)).FromCache.ShouldBeFalse();
        (await cache.GetOrLoadAsync("b", b.LoadAsync, null, CancellationToken.None)).FromCache.ShouldBeTrue();

        a.Calls.ShouldBe(2);
        b.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task Clear_Entries_EveryKeyLoadsAgain()
    {
        var cache = new ExpiringCache<string, string>(new FakeTimeProvider(), Ttl);
        var loader = new Loader();
        await cache.GetOrLoadAsync("a", loader.LoadAsync, null, CancellationToken.None);
        await cache.GetOrLoadAsync("b", loader.LoadAsync, null, CancellationToken.None);

        cache.Clear();

        cache.Count.ShouldBe(0);
        (await cache.GetOrLoadAsync("a", loader.LoadAsync, null, CancellationToken.None)).FromCache.ShouldBeFalse();
        loader.Calls.ShouldBe(3);
    }

    [Fact]
    public async Task GetOrLoadAsync_ZeroTtl_NeverStores()
    {
        var cache = new ExpiringCache<string, string>(new FakeTimeProvider(), TimeSpan.Zero);
        var loader = new Loader();

        await cache.GetOrLoadAsync("k", loader.LoadAsync, null, CancellationToken.None);
        var second = await cache.GetOrLoadAsync("k", loader.LoadAsync, null, CancellationToken.None);

        second.FromCache.ShouldBeFalse();
        loader.Calls.ShouldBe(2);
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public async Task GetOrLoadAsync_StoreDeclines_LoadsNextTimeToo()
    {
        var cache = new ExpiringCache<string, string?>(new FakeTimeProvider(), Ttl);
        var calls = 0;
        Task<string?> NotFoundAsync(CancellationToken cancellationToken)
        {
            calls++;
            return Task.FromResult<string?>(null);
        }

        await cache.GetOrLoadAsync("k", NotFoundAsync, v => v is not null, CancellationToken.None);
        await cache.GetOrLoadAsync("k", NotFoundAsync, v => v is not null, CancellationToken.None);

        calls.ShouldBe(2);
    }

    [Fact]
    public void Set_ManyExpiredEntries_PrunesThemBeforeStoring()
    {
        var time = new FakeTimeProvider();
        var cache = new ExpiringCache<int, int>(time, Ttl);
        for (var i = 0; i < ExpiringCache<int, int>.PruneAbove; i++)
        {
            cache.Set(i, i);
        }

        time.Advance(Ttl);
        cache.Set(-1, -1);

        cache.Count.ShouldBe(1);
        cache.TryGet(-1, out var value).ShouldBeTrue();
        value.ShouldBe(-1);
    }

    [Fact]
    public void Constructor_NegativeTtl_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new ExpiringCache<string, string>(new FakeTimeProvider(), TimeSpan.FromSeconds(-1)));
}
