using NrsGirls.Shared.Payments;
namespace NrsGirls.Tests.Payments;

public class PaymentSettingsTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        [SettingNames.PostgresHost] = "127.0.0.1", [SettingNames.PostgresPort] = "5432", [SettingNames.PostgresDb] = "nrsgirls",
        [SettingNames.PostgresUser] = "owner", [SettingNames.PostgresPassword] = "pw", [SettingNames.RedisHost] = "127.0.0.1",
        [SettingNames.RedisPort] = "6379", [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        [SettingNames.EncryptionKeys] = "k1:" + Convert.ToBase64String(new byte[32]), [SettingNames.HashingKey] = Convert.ToBase64String(new byte[32]),
    };

    private static PaymentOptions Bind(Dictionary<string, string?> values) =>
        SettingsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).Payments;

    [Fact]
    public void Without_money_settings_the_simulated_provider_and_the_issues_defaults_apply()
    {
        var o = Bind(Valid());
        Assert.Equal(("simulated", 1.00m, 10_000.00m, 7), (o.Provider, o.TipMinAmount, o.TipMaxAmount, o.EarningsHoldDays));
        Assert.Equal(["USD", "EUR", "GBP"], o.Currencies);
        Assert.Equal(PaymentOptions.DefaultSimulatedWebhookSecret, o.SimulatedWebhookSecret);
    }

    [Theory]
    [InlineData(SettingNames.PaymentProvider, "paypal")]
    [InlineData(SettingNames.PaymentCurrencies, "usd,EUR")]
    [InlineData(SettingNames.PaymentCurrencies, "DOLLARS")]
    [InlineData(SettingNames.PaymentCurrencies, "USD,JPY")]
    [InlineData(SettingNames.PaymentCurrencies, "KWD")]
    [InlineData(SettingNames.TipMinAmount, "0")]
    [InlineData(SettingNames.TipMinAmount, "1.001")]
    [InlineData(SettingNames.TipMaxAmount, "0.50")]
    [InlineData(SettingNames.EarningsHoldDays, "-1")]
    public void A_malformed_money_setting_stops_start_up_naming_it(string name, string value)
    {
        var values = Valid();
        values[name] = value;
        var e = Assert.Throws<ConfigurationException>(() => Bind(values));
        Assert.Contains(e.Problems, p => p.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Amounts_go_to_providers_in_whole_cents_and_never_truncated()
    {
        Assert.Equal(1234L, Money.ToMinorUnits(12.34m, "USD"));
        Assert.Equal(1000L, Money.ToMinorUnits(10m, "EUR"));
        Assert.Throws<ArgumentException>(() => Money.ToMinorUnits(12.345m, "USD"));
        Assert.Throws<ArgumentException>(() => Money.ToMinorUnits(12m, "JPY"));
    }

    [Fact]
    public void The_stripe_provider_needs_both_stripe_secrets()
    {
        var values = Valid();
        values[SettingNames.PaymentProvider] = "stripe";
        values[SettingNames.StripeSecretKey] = "sk_test_x";
        var e = Assert.Throws<ConfigurationException>(() => Bind(values));
        Assert.Contains(e.Problems, p => p.Contains(SettingNames.StripeWebhookSecret, StringComparison.Ordinal));
        values[SettingNames.StripeWebhookSecret] = "whsec_x";
        Assert.Equal("stripe", Bind(values).Provider);
    }
}
