package com.smeplug.billing;

import java.time.Clock;
import java.time.Duration;

import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.plugs.SubscribedPlugs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Plans and subscriptions: what plugs, usage and chat need from billing, without any payment provider. */
@Configuration(proxyBeanMethods = false)
public class BillingCoreConfiguration {

    @Bean
    Plans plans(Settings settings) {
        return new Plans(settings);
    }

    @Bean
    SubscriptionStore subscriptionStore(Table table) {
        return new SubscriptionStore(table);
    }

    @Bean
    SubscribedPlugs subscribedPlugs(SubscriptionStore subscriptions) {
        return new CatalogStanding(subscriptions);
    }

    /** Overage goes to Stripe Billing Meters with {@code USE_REAL_STRIPE=true}; the sample ledger counts it itself. */
    @Bean
    OverageReporter overageReporter(Settings settings, SubscriptionStore subscriptions) {
        return settings.flag("USE_REAL_STRIPE") ? StripeMeterEvents.fromSettings(settings, subscriptions)
                : OverageReporter.NONE;
    }

    /** {@code DUNNING_GRACE_DAYS}: how long a past-due subscription keeps working (7 days). */
    @Bean
    Entitlements entitlements(SubscriptionStore subscriptions, Clock clock, Settings settings) {
        return new Entitlements(subscriptions, clock, Duration.ofDays(settings.integer("DUNNING_GRACE_DAYS", 7)));
    }
}
