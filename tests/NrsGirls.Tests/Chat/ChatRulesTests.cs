using NrsGirls.Shared.Chat;

namespace NrsGirls.Tests.Chat;

/// <summary>The chat rules that need no database.</summary>
public class ChatRulesTests
{
    private static readonly Guid Owner = Guid.NewGuid();
    private static Caller Someone(string role = Roles.Viewer) => new(Guid.NewGuid(), role, "s");

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("   padded   ", "padded")]
    public void A_message_is_trimmed(string raw, string expected) => Assert.Equal(expected, ChatRules.ValidateMessage(raw).Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("     ")]
    [InlineData("line\nbreak")]
    [InlineData("bell\u0007")]
    [InlineData("nul\0")]
    public void Empty_messages_and_control_characters_are_refused_naming_the_field(string? raw)
    {
        var outcome = ChatRules.ValidateMessage(raw);
        Assert.False(outcome.IsOk);
        Assert.Contains("message", outcome.Error.Fields!.Keys);
    }

    [Fact]
    public void Five_hundred_characters_pass_and_501_do_not_counting_emoji_as_one()
    {
        Assert.True(ChatRules.ValidateMessage(new string('a', 500)).IsOk);
        Assert.False(ChatRules.ValidateMessage(new string('a', 501)).IsOk);
        Assert.True(ChatRules.ValidateMessage(string.Concat(Enumerable.Repeat("😀", 500))).IsOk);
        Assert.False(ChatRules.ValidateMessage(string.Concat(Enumerable.Repeat("😀", 501))).IsOk);
    }

    [Fact]
    public void Metadata_holds_known_emotes_mentioned_names_and_http_links()
    {
        const string m = "so :fire: :FIRE: :unknown: :heart: @Ivy, hi @dj.nova. see https://nrsgirls.dev/x?y=1) and ftp://no http://ok.example";
        Assert.Equal(["fire", "heart"], ChatRules.ExtractEmotes(m));
        Assert.Equal(["ivy", "dj.nova"], ChatRules.ExtractMentionNames(m));
        Assert.Equal(["https://nrsgirls.dev/x?y=1", "http://ok.example"], ChatRules.ExtractLinks(m));
        Assert.Empty(ChatRules.ExtractMentionNames("mail me at someone@example.com"));
        Assert.Equal(10, ChatRules.ExtractMentionNames(string.Join(' ', Enumerable.Range(0, 30).Select(i => "@n" + i))).Count);
    }

    [Fact]
    public void The_role_in_a_stream_is_owner_then_moderator_then_subscriber_then_viewer()
    {
        var owner = new Caller(Owner, Roles.Dj, "s");
        Assert.Equal(ChatRoles.Owner, ChatRules.RoleOf(owner, Owner, isModerator: true, isSubscriber: true));
        Assert.Equal(ChatRoles.Moderator, ChatRules.RoleOf(Someone(), Owner, true, true));
        Assert.Equal(ChatRoles.Moderator, ChatRules.RoleOf(Someone(Roles.Admin), Owner, false, false));
        Assert.Equal(ChatRoles.Subscriber, ChatRules.RoleOf(Someone(), Owner, false, true));
        Assert.Equal(ChatRoles.Viewer, ChatRules.RoleOf(Someone(), Owner, false, false));
    }

    [Fact]
    public void Nobody_acts_on_the_creator_or_themselves_and_moderators_not_on_each_other()
    {
        var mod = Someone();
        var target = Guid.NewGuid();
        Assert.Null(ChatRules.MayActOn(mod, ChatRoles.Moderator, target, Owner, targetIsModerator: false));
        Assert.Equal("chat_not_moderator", ChatRules.MayActOn(mod, ChatRoles.Viewer, target, Owner, false)!.Code);
        Assert.Equal("chat_not_moderator", ChatRules.MayActOn(mod, ChatRoles.Subscriber, target, Owner, false)!.Code);
        Assert.Equal("chat_target_protected", ChatRules.MayActOn(mod, ChatRoles.Moderator, Owner, Owner, false)!.Code);
        Assert.Equal("chat_target_protected", ChatRules.MayActOn(mod, ChatRoles.Moderator, mod.UserId, Owner, false)!.Code);
        Assert.Equal("chat_target_protected", ChatRules.MayActOn(mod, ChatRoles.Moderator, target, Owner, targetIsModerator: true)!.Code);
        Assert.Null(ChatRules.MayActOn(new Caller(Owner, Roles.Dj, "s"), ChatRoles.Owner, target, Owner, targetIsModerator: true));
        Assert.Null(ChatRules.MayActOn(Someone(Roles.Admin), ChatRoles.Moderator, target, Owner, targetIsModerator: true));
    }

    [Fact]
    public void Modes_refuse_outsiders_and_let_the_team_through()
    {
        var followers = new ChatMode(0, FollowersOnly: true, SubscribersOnly: false);
        var subscribers = new ChatMode(0, false, SubscribersOnly: true);
        Assert.Equal("chat_followers_only", ChatRules.ModeRefuses(followers, ChatRoles.Viewer, false, false)!.Code);
        Assert.Null(ChatRules.ModeRefuses(followers, ChatRoles.Viewer, isFollower: true, false));
        Assert.Null(ChatRules.ModeRefuses(followers, ChatRoles.Subscriber, false, isSubscriber: true));
        Assert.Equal("chat_subscribers_only", ChatRules.ModeRefuses(subscribers, ChatRoles.Viewer, true, false)!.Code);
        Assert.Null(ChatRules.ModeRefuses(subscribers, ChatRoles.Moderator, false, false));
        Assert.Null(ChatRules.ModeRefuses(subscribers, ChatRoles.Owner, false, false));
        Assert.Null(ChatRules.ModeRefuses(ChatMode.Open, ChatRoles.Viewer, false, false));
    }

    [Theory]
    [InlineData(null, "timeout", 600, "userId")]
    [InlineData("u", "mute", 600, "type")]
    [InlineData("u", null, 600, "type")]
    [InlineData("u", "timeout", null, "durationSeconds")]
    [InlineData("u", "timeout", 59, "durationSeconds")]
    [InlineData("u", "timeout", 86401, "durationSeconds")]
    [InlineData("u", "ban", 30, "durationSeconds")]
    [InlineData("u", "ban", 40_000_000, "durationSeconds")]
    public void Bad_ban_requests_name_the_field(string? user, string? type, int? seconds, string field)
    {
        var outcome = ChatRules.ValidateBan(new ChatBanRequest(user is null ? null : Guid.NewGuid(), type, seconds, null));
        Assert.False(outcome.IsOk);
        Assert.Contains(field, outcome.Error.Fields!.Keys);
    }

    [Fact]
    public void Timeouts_of_one_minute_to_a_day_and_bans_without_end_are_accepted()
    {
        Assert.True(ChatRules.ValidateBan(new ChatBanRequest(Guid.NewGuid(), "timeout", 60, "spam")).IsOk);
        Assert.True(ChatRules.ValidateBan(new ChatBanRequest(Guid.NewGuid(), "timeout", 86400, null)).IsOk);
        var ban = ChatRules.ValidateBan(new ChatBanRequest(Guid.NewGuid(), "ban", null, "  slurs  "));
        Assert.Equal((ChatBanKind.Ban, (TimeSpan?)null, "slurs"), (ban.Value.Kind, ban.Value.Duration, ban.Value.Reason));
        Assert.False(ChatRules.ValidateBan(new ChatBanRequest(Guid.NewGuid(), "ban", null, new string('r', 501))).IsOk);
    }

    [Fact]
    public void A_stored_ban_is_in_force_until_its_expiry_by_the_clock_not_by_redis()
    {
        var now = DateTimeOffset.UtcNow;
        var by = Guid.NewGuid();
        var stored = ChatRules.EncodeBan(new ChatBan(ChatBanKind.Timeout, now.AddMinutes(10), by));
        Assert.Equal(by, ChatRules.ActiveBan(stored, now)!.ByUserId);
        Assert.NotNull(ChatRules.ActiveBan(stored, now.AddMinutes(9)));
        Assert.Null(ChatRules.ActiveBan(stored, now.AddMinutes(10)));
        var forever = ChatRules.EncodeBan(new ChatBan(ChatBanKind.Ban, null, by));
        Assert.Equal(ChatBanKind.Ban, ChatRules.ActiveBan(forever, now.AddYears(5))!.Kind);
        Assert.Null(ChatRules.ActiveBan("garbage", now));
        Assert.Null(ChatRules.ActiveBan(null, now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Slow_mode_is_0_to_3600_seconds(int seconds) =>
        Assert.Contains("slowModeSeconds", ChatRules.ValidateMode(new ChatModeRequest(seconds, null, null)).Error!.Fields!.Keys);
}
