namespace NrsGirls.Tests.Content;

/// <summary>GET tracks/search: full text over title, artist and album, ranked, keyset-paged.</summary>
public class TrackSearchTests(TracksFixture app) : IClassFixture<TracksFixture>
{
    private static List<string> Titles(Answer a) => a.Body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()!).ToList();

    [Fact]
    public async Task Title_matches_rank_above_artist_and_album_matches_and_the_last_word_matches_as_a_prefix()
    {
        var dj = await app.NewDj();
        await app.InsertScannedTrack(dj.DjId, "Velvet Horizon", artist: "Someone");
        await app.InsertScannedTrack(dj.DjId, "Morning", artist: "Velvet Crew");
        await app.InsertScannedTrack(dj.DjId, "Evening", album: "Velvet Nights");
        await app.InsertScannedTrack(dj.DjId, "Unrelated");
        await app.Scalar<Guid>("insert into tracks (dj_id, title, file_url) values (@d, 'Velvet Pending', 'x') returning id", new { d = dj.DjId });

        var found = await app.Search("q=velvet");
        Assert.Equal(200, found.Status);
        var titles = Titles(found);
        Assert.Equal(3, titles.Count);
        Assert.Equal("Velvet Horizon", titles[0]);
        Assert.DoesNotContain("Velvet Pending", titles);

        Assert.Equal(["Velvet Horizon"], Titles(await app.Search("q=velvet%20hori")));
        Assert.Equal(3, Titles(await app.Search("q=velv")).Count);
        Assert.Empty(Titles(await app.Search("q=velv%20"))); // a finished word is matched whole
        Assert.Empty(Titles(await app.Search("q=nomatchatall")));
    }

    [Fact]
    public async Task The_genre_filter_and_paging_through_equal_ranks_return_every_hit_once()
    {
        var dj = await app.NewDj();
        var expected = new HashSet<string>();
        for (var i = 0; i < 7; i++) expected.Add((await app.InsertScannedTrack(dj.DjId, "Tidal Loop", genre: "techno")).ToString());
        await app.InsertScannedTrack(dj.DjId, "Tidal Loop", genre: "house");

        var (seen, _) = await Pages.AllAsync(next => app.Search("q=tidal&genre=techno&limit=3" + next));
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(8, Titles(await app.Search("q=tidal&limit=1000")).Count);
    }

    [Theory]
    [InlineData("", 400, "track_search_query_missing")]
    [InlineData("q=%20%20", 400, "track_search_query_missing")]
    [InlineData("q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 400, "track_search_query_too_long")]
    [InlineData("q=house&genre=polka", 400, "validation_failed")]
    [InlineData("q=house&cursor=zzz", 400, "invalid_cursor")]
    [InlineData("q=house&limit=-1", 400, "validation_failed")]
    [InlineData("q=house&limit=0", 400, "validation_failed")]
    [InlineData("q=house&limit=ten", 400, "validation_failed")]
    [InlineData("q=house&q=techno", 400, "validation_failed")]
    public async Task Bad_search_input_is_a_named_400(string query, int status, string code)
    {
        var answer = await app.Search(query);
        Assert.Equal((status, code), (answer.Status, answer.Code));
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task An_empty_genre_is_no_filter_and_a_huge_limit_is_capped()
    {
        Assert.Equal(200, (await app.Search("q=house&genre=")).Status);
        Assert.Equal(200, (await app.Search("q=house&limit=99999999999999")).Status);
    }

    [Fact]
    public async Task Search_syntax_and_odd_characters_never_break_the_query()
    {
        foreach (var q in new[] { "\"velvet horizon\"", "velvet -horizon", "velvet or", "&|!:*()", "'; drop table tracks; --", "ünïcødé ☃" })
            Assert.Equal(200, (await app.Search("q=" + Uri.EscapeDataString(q))).Status);
    }
}
