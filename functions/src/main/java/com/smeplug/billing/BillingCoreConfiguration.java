package com.smeplug.billing;

import java.time.Clock;
import java.time.Duration;

import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.plugs.SubscribedPlugs;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * Where chat reports an answer past an overage plan's quota: with {@code USE_REAL_STRIPE=true}, the overage report
     * queue, which {@code billingOverageReport} drains into Stripe Billing Meters (so chat carries no Stripe client);
     * otherwise nowhere, as the sample ledger counts overage itself (and chat needs no queue, nor builds a client).
     */
    @Bean
    OverageReporter overageReporter(Settings settings, ObjectProvider<SqsClient> sqs) {
        return settings.flag("USE_REAL_STRIPE") ? OverageReportQueue.fromSettings(settings, sqs::getObject)
                : OverageReporter.NONE;
    }

    /** {@code DUNNING_GRACE_DAYS}: how long a past-due subscription keeps working (7 days). */
    @Bean
    Entitlements entitlements(SubscriptionStore subscriptions, Clock clock, Settings settings) {
        return new Entitlements(subscriptions, clock, Duration.ofDays(settings.integer("DUNNING_GRACE_DAYS", 7)));
    }
}
