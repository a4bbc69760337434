using NrsGirls.Functions.Creators;
using NrsGirls.Shared.Creators;
using static NrsGirls.Tests.Creators.CreatorFlows;

namespace NrsGirls.Tests.Creators;

public class SearchTests(CreatorsFixture app) : IClassFixture<CreatorsFixture>
{
    private Task<Answer> Search(string query) =>
        app.Call<CreatorSearchApi>(f => f.SearchCreators(Req(query: query), default));

    private static List<string> Ids(Answer a) =>
        a.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task A_stage_name_match_ranks_above_a_bio_match()
    {
        var word = UniqueWord();
        var (_, inBio) = await app.NewDj(stageName: "Someone Else", bio: $"Plays with {word} every week.");
        var (_, inName) = await app.NewPerformer(stageName: $"{word} Live", bio: "Dance.");
        var answer = await Search("q=" + word);
        Assert.Equal(200, answer.Status);
        Assert.Equal([inName.ToString(), inBio.ToString()], Ids(answer));
        var ranks = answer.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("rank").GetSingle()).ToList();
        Assert.True(ranks[0] > ranks[1]);
    }

    [Fact]
    public async Task The_last_word_matches_as_a_prefix_while_typing()
    {
        var word = UniqueWord();
        var (_, id) = await app.NewDj(stageName: $"Nova {word}", bio: "sunrise sets");
        Assert.Equal([id.ToString()], Ids(await Search("q=" + word[..6])));
        Assert.Equal([id.ToString()], Ids(await Search("q=" + Uri.EscapeDataString($"nova {word[..7]}"))));
        Assert.Equal([id.ToString()], Ids(await Search("q=" + Uri.EscapeDataString($"{word} sunr"))));
        Assert.Empty(Ids(await Search("q=" + Uri.EscapeDataString($"{word} -nova"))));
        Assert.Equal([id.ToString()], Ids(await Search("q=" + Uri.EscapeDataString($"\"nova {word}\""))));
    }

    [Fact]
    public async Task Type_and_genre_filter_the_hits()
    {
        var word = UniqueWord();
        var (_, house) = await app.NewDj(stageName: $"{word} A", genres: ["house", "techno"]);
        var (_, trance) = await app.NewDj(stageName: $"{word} B", genres: ["trance"]);
        var (_, performer) = await app.NewPerformer(stageName: $"{word} C");
        Assert.Equal(3, Ids(await Search("q=" + word)).Count);
        Assert.Equal([performer.ToString()], Ids(await Search($"q={word}&type=performer")));
        Assert.Equal(2, Ids(await Search($"q={word}&type=dj")).Count);
        Assert.Equal([house.ToString()], Ids(await Search($"q={word}&genre=techno")));
        Assert.Equal([trance.ToString()], Ids(await Search($"q={word}&genre=trance&type=dj")));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=%22-%22", "q")]
    [InlineData("q=house&type=band", "type")]
    [InlineData("q=house&genre=polka", "genre")]
    [InlineData("q=house&genre=house&type=performer", "genre")]
    [InlineData("q=house&q=techno", "q")]
    [InlineData("q=house&limit=5&limit=6", "limit")]
    public async Task Bad_parameters_are_named(string query, string field)
    {
        var answer = await Search(query);
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
    }

    [Fact]
    public async Task An_over_long_query_is_refused()
    {
        var answer = await Search("q=" + new string('a', CreatorLimits.MaxSearchQuery + 1));
        Assert.NotEmpty(answer.FieldErrors("q"));
        Assert.Equal(200, (await Search("q=" + new string('a', CreatorLimits.MaxSearchQuery))).Status);
    }

    [Fact]
    public async Task Pages_stay_exact_when_every_rank_ties()
    {
        var word = UniqueWord();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add((await app.NewDj(stageName: $"{word} Twin", bio: "identical")).Id.ToString());

        var (seen, pages) = await Pages.AllAsync(next => Search($"q={word}&limit=2" + next));
        Assert.Equal(4, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen); // ties go by id, descending
    }

    [Fact]
    public async Task Mixed_ranks_page_in_rank_order_and_a_forged_cursor_is_refused()
    {
        var word = UniqueWord();
        for (var i = 0; i < 3; i++) await app.NewDj(stageName: $"{word} {i}", bio: "x");
        for (var i = 0; i < 3; i++) await app.NewDj(stageName: "Other", bio: $"{word} {i}");
        var all = Ids(await Search($"q={word}&limit=1000"));
        var (paged, _) = await Pages.AllAsync(next => Search($"q={word}&limit=4" + next));
        Assert.Equal(all, paged);
        Assert.Equal(6, paged.Count);

        var forged = NrsGirls.Shared.Paging.PageRequest.Encode("NaN", Guid.NewGuid().ToString());
        Assert.Equal((400, "invalid_cursor"), ((await Search($"q={word}&cursor={forged}")).Status, (await Search($"q={word}&cursor={forged}")).Code));
        Assert.Equal(400, (await Search($"q={word}&cursor=%%%")).Status);
    }

    [Fact]
    public void The_query_splits_into_websearch_text_and_a_safe_prefix_term()
    {
        var q = CreatorSearch.Parse("dj nov", null, null).Value!;
        Assert.Equal(("dj", "nov:*"), (q.Head, q.Prefix));
        Assert.Equal((null, "nov:*"), ((string?, string?))(CreatorSearch.Parse("Nov", null, null).Value!.Head, CreatorSearch.Parse("Nov", null, null).Value!.Prefix));
        var quoted = CreatorSearch.Parse("\"dj nova", null, null).Value!;
        Assert.Equal(("\"dj nova", null), (quoted.Head, quoted.Prefix));
        var injected = CreatorSearch.Parse("house & !techno:*", null, null).Value!;
        Assert.Null(injected.Prefix);
    }
}
