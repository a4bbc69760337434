namespace NrsGirls.Shared.Payments;

/// <summary>Money arithmetic, in decimal only.</summary>
public static class Money
{
    /// <summary>
    /// The platform's fee and the creator's net for a payment: fee = amount × rate rounded half-up
    /// (away from zero) to the cent, net = amount − fee, so fee + net is exactly the amount.
    /// </summary>
    public static (decimal Fee, decimal Net) Split(decimal amount, decimal feeRate)
    {
        var fee = decimal.Round(amount * feeRate, 2, MidpointRounding.AwayFromZero);
        return (fee, amount - fee);
    }

    /// <summary>True when <paramref name="amount"/> has at most two decimals (12.5 and 12.50 yes, 12.505 no).</summary>
    public static bool HasCents(decimal amount) => decimal.Round(amount, 2) == amount;

    // ISO 4217 currencies without minor units, as Stripe lists them.
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    /// <summary>The amount in the currency's minor unit (cents), as payment providers take it.</summary>
    public static long ToMinorUnits(decimal amount, string currency) =>
        ZeroDecimal.Contains(currency) ? decimal.ToInt64(amount) : decimal.ToInt64(amount * 100m);
}
