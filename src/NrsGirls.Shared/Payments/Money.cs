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

    // ISO 4217 currencies whose minor unit is not the cent: none (as Stripe lists them) or thousandths.
    private static readonly HashSet<string> NotCents = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
        "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
    };

    /// <summary>
    /// True when the currency's minor unit is the cent. Amounts, fees and nets are kept to the cent, so only
    /// these currencies may be configured (NRSGIRLS_PAYMENT_CURRENCIES refuses the others at start-up).
    /// </summary>
    public static bool HasCentMinorUnit(string currency) => !NotCents.Contains(currency);

    /// <summary>The amount in cents, as payment providers take it; never truncates (a fraction of a cent throws).</summary>
    public static long ToMinorUnits(decimal amount, string currency)
    {
        var cents = amount * 100m;
        if (!HasCentMinorUnit(currency) || cents != decimal.Truncate(cents))
            throw new ArgumentException($"{amount} {currency} is not a whole number of cents of a currency counted in cents.", nameof(amount));
        return decimal.ToInt64(cents);
    }
}
