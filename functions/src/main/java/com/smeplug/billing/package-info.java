/**
 * Billing: plans, subscriptions, Stripe Checkout, Stripe's webhook and invoices.
 *
 * <ul>
 *   <li><b>State.</b> A tenant's subscription is one item, {@code PK=TENANT#id, SK=SUBSCRIPTION}
 *       ({@link com.smeplug.billing.SubscriptionStore}); usage and chat read it through the
 *       {@link com.smeplug.billing.Subscriptions} port, plugs through its own
 *       {@link com.smeplug.plugs.SubscribedPlugs} port, which billing implements. It changes only through
 *       {@link com.smeplug.billing.SubscriptionEvents}: each event id is claimed with a lease ({@code PK=STRIPE_EVENT#id},
 *       kept 30 days by TTL) and marked done only after its effect is stored ({@link com.smeplug.billing.EventClaims});
 *       each write refuses state from an older event ({@code event_time}, Stripe's {@code created}); a deleted
 *       subscription is never brought back by an update. An event moves a tenant only through what we stored: a
 *       completed checkout only if we started it for that tenant, every other event only if its customer
 *       ({@code PK=STRIPE_CUSTOMER#id}, bound at checkout) is the tenant's and its subscription the stored one.
 *       Metadata never decides whose an event is.</li>
 *   <li><b>Real mode</b> ({@code USE_REAL_STRIPE=true}): {@code STRIPE_SECRET_KEY} and {@code STRIPE_PRICE_STARTER},
 *       {@code _PROFESSIONAL}, {@code _ENTERPRISE} (price per plug per month) for subscribe and invoices,
 *       {@code STRIPE_WEBHOOK_SECRET} for the webhook; optional {@code STRIPE_API_BASE},
 *       {@code STRIPE_CONNECT_TIMEOUT_MS} (3000), {@code STRIPE_READ_TIMEOUT_MS} (10000),
 *       {@code STRIPE_MAX_NETWORK_RETRIES} (1), {@code STRIPE_INVOICE_PAGE_SIZE} (100), {@code STRIPE_MAX_INVOICES}
 *       (240), {@code STRIPE_WEBHOOK_TOLERANCE_SECONDS} (300). The Stripe endpoint must send
 *       {@code checkout.session.completed}, {@code customer.subscription.updated}/{@code deleted},
 *       {@code invoice.paid}, {@code invoice.payment_failed}; other types are acknowledged and ignored.</li>
 *   <li><b>Overage</b> (real mode): chat never calls Stripe. Each answer past an overage plan's quota is one message on
 *       the overage report queue ({@code OVERAGE_REPORT_QUEUE_URL}, {@link com.smeplug.billing.OverageReporter});
 *       {@code billingOverageReport} reports each to Stripe Billing Meters ({@code STRIPE_METER_EVENT_NAME}) with the
 *       usage event id as identifier, a failed one left for redelivery and then the dead-letter queue.</li>
 *   <li><b>Sample mode</b>: the local ledger ({@link com.smeplug.billing.SampleLedger}, which documents what
 *       {@code paid} means there). Without {@code STRIPE_WEBHOOK_SECRET} the webhook refuses every event (400); the local
 *       stack sets it from its environment, else to {@code whsec_local_test_secret_not_for_production}.</li>
 *   <li><b>Lifecycle</b>: one subscription per tenant ({@link com.smeplug.billing.Subscribing}: a plan change updates
 *       it with proration, Checkout only without one), cancel at period end and resume
 *       ({@link com.smeplug.billing.SubscriptionEnding}), the portal, dunning and what a tenant may use
 *       ({@link com.smeplug.billing.Entitlements}, {@code DUNNING_GRACE_DAYS}).</li>
 *   <li><b>infra/events/stripeWebhook.json</b> is signed with the local test secret
 *       {@code whsec_local_test_secret_not_for_production} at a fixed past time, so with the template's tolerance it
 *       is answered 400 {@code invalid_signature}; with that secret and {@code STRIPE_WEBHOOK_TOLERANCE_SECONDS=0}
 *       (timestamp check off — local use only) it verifies.</li>
 * </ul>
 */
package com.smeplug.billing;
