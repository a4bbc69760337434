using NrsGirls.Functions.Notifications;
using NrsGirls.Shared.Notifications;

namespace NrsGirls.Tests.Notifications;

public class NotificationsApiTests(NotificationsFixture app) : IClassFixture<NotificationsFixture>
{
    private NotificationsApi Api => app.Function<NotificationsApi>();

    private Task<Answer> List(string token, string query = "") =>
        Http.Call(app.Services, Api.ListNotifications(Http.Request(token: token, query: query), default));

    private async Task<TestUser> UserWith(int notifications)
    {
        var user = await app.SignUp(Roles.Viewer);
        for (var i = 0; i < notifications; i++)
        {
            var e = new NotificationEvent(NotificationTypes.Follow, $"follow:{Guid.NewGuid():N}", NotificationAudience.To(user.UserId),
                $"Follower {i}", "Someone followed you.", null);
            await app.Processor.ProcessAsync((await app.Raise(e))!.Value, default);
        }
        return user;
    }

    [Fact]
    public async Task The_list_pages_newest_first_without_repeats_and_filters_unread()
    {
        var user = await UserWith(7);
        var (seen, _) = await Pages.AllAsync(next => List(user.Token, "?limit=3" + next), "title");
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"Follower {i}"), seen);

        var first = (await List(user.Token, "?limit=1")).Body.GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(200, (await Http.Call(app.Services, Api.MarkNotificationRead(Http.Request(token: user.Token), first, default))).Status);
        var unread = await List(user.Token, "?unread=true&limit=1000");
        Assert.Equal(6, unread.Body.GetProperty("items").GetArrayLength());
        var count = await Http.Call(app.Services, Api.UnreadNotificationCount(Http.Request(token: user.Token), default));
        Assert.Equal(6, count.Body.GetProperty("unread").GetInt32());

        var all = await Http.Call(app.Services, Api.MarkAllNotificationsRead(Http.Request(token: user.Token), default));
        Assert.Equal(6, all.Body.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await Http.Call(app.Services, Api.UnreadNotificationCount(Http.Request(token: user.Token), default))).Body.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Someone_elses_notification_is_not_found_and_stays_unread()
    {
        var alice = await UserWith(1);
        var bob = await UserWith(0);
        var id = (await List(alice.Token)).Body.GetProperty("items")[0].GetProperty("id").GetGuid();

        var answer = await Http.Call(app.Services, Api.MarkNotificationRead(Http.Request(token: bob.Token), id, default));
        Assert.Equal((404, "notification_not_found"), (answer.Status, answer.Code));
        Assert.Equal(0, (await List(bob.Token)).Body.GetProperty("items").GetArrayLength());
        Assert.False(await app.Scalar<bool>("select read from notifications where id = @id", new { id }));
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor", null)]
    [InlineData("?cursor=AAAA", null)]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?unread=maybe", "unread")]
    [InlineData("?limit=5&limit=6", "limit")]
    public async Task Malformed_query_parameters_are_named(string query, string? field)
    {
        var user = await UserWith(0);
        var answer = await List(user.Token, query);
        if (field is null)
        {
            Assert.Equal((400, "invalid_cursor"), (answer.Status, answer.Code));
            return;
        }
        Assert.Equal((400, "validation_failed"), (answer.Status, answer.Code));
        Assert.NotEmpty(answer.FieldErrors(field));
    }

    [Fact]
    public async Task A_huge_limit_is_capped_not_refused()
    {
        var user = await UserWith(2);
        var answer = await List(user.Token, "?limit=1000");
        Assert.Equal(200, answer.Status);
        Assert.Equal(2, answer.Body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Every_route_needs_a_session()
    {
        Assert.Equal(401, (await List("not-a-token")).Status);
        Assert.Equal(401, (await Http.Call(app.Services, Api.MarkAllNotificationsRead(Http.Request(), default))).Status);
        Assert.Equal(401, (await Http.Call(app.Services, Api.UnreadNotificationCount(Http.Request(), default))).Status);
        Assert.Equal(401, (await Http.Call(app.Services, Api.MarkNotificationRead(Http.Request(), Guid.NewGuid(), default))).Status);
    }
}
