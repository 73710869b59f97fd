package com.smeplug.billing;

import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;

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
}
