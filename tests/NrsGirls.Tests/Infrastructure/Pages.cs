namespace NrsGirls.Tests.Infrastructure;

/// <summary>Walks a keyset-paginated list (<c>{items, nextCursor}</c>) from its first page to its last.</summary>
public static class Pages
{
    /// <summary>More pages than any test's list has: a list that never ends fails instead of hanging the run.</summary>
    public const int MaxPages = 100;

    /// <summary>
    /// Asks <paramref name="page"/> for each page, giving it the query text to append: "" on the first page,
    /// then "&amp;{cursorParameter}={nextCursor}". Every page must answer 200; returns each item's
    /// <paramref name="itemProperty"/> in the order served, and how many pages it took.
    /// </summary>
    public static async Task<(List<string> Items, int Pages)> AllAsync(Func<string, Task<Answer>> page, string itemProperty = "id",
        string cursorParameter = "cursor")
    {
        var items = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var answer = await page(cursor is null ? "" : $"&{cursorParameter}={cursor}");
            Assert.Equal(200, answer.Status);
            items.AddRange(answer.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(itemProperty).GetString()!));
            cursor = answer.Body.GetProperty("nextCursor").GetString();
            Assert.True(++pages <= MaxPages, $"still a next cursor after {MaxPages} pages");
        } while (cursor is not null);
        return (items, pages);
    }
}
