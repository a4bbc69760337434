using Microsoft.Extensions.DependencyInjection.Extensions;
using NrsGirls.Shared.Idempotency;

namespace NrsGirls.Shared.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>Money: the gateway chosen by NRSGIRLS_PAYMENT_PROVIDER, the idempotency helper, tips, refunds, webhooks, earnings, private shows, audit.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection s)
    {
        s.TryAddSingleton<IdempotentRequests>();
        s.AddSingleton<SimulatedPaymentGateway>();
        s.AddSingleton<IPaymentGateway>(sp =>
        {
            var options = sp.GetRequiredService<PaymentOptions>();
            return options.Provider == PaymentOptions.Stripe
                ? StripePaymentGateway.Create(options, sp.GetRequiredService<TimeProvider>())
                : sp.GetRequiredService<SimulatedPaymentGateway>();
        });
        s.AddSingleton<PaymentQueue>();
        s.AddSingleton<PaymentRestrictions>();
        s.AddSingleton<PaymentRequests>();
        s.AddSingleton<TipService>();
        s.AddSingleton<PaymentProcessor>();
        s.AddSingleton<PaymentRequeue>();
        s.AddSingleton<RefundService>();
        s.AddSingleton<PaymentWebhooks>();
        s.AddSingleton<EarningsService>();
        s.AddSingleton<LedgerAudit>();
        s.AddSingleton<PrivateShowService>();
        s.AddSingleton<PrivateShowLifecycle>();
        return s;
    }
}
