package com.smeplug;

import com.smeplug.billing.BillingConfiguration;
import com.smeplug.billing.BillingCoreConfiguration;
import com.smeplug.chat.ChatConfiguration;
import com.smeplug.console.ConsoleConfiguration;
import com.smeplug.finetune.FinetuneConfiguration;
import com.smeplug.integrations.IntegrationsConfiguration;
import com.smeplug.platform.PlatformConfiguration;
import com.smeplug.plugs.PlugsConfiguration;
import com.smeplug.tenants.TenantsConfiguration;
import com.smeplug.usage.UsageConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The one application behind every Lambda function. Each function runs the same jar and picks its bean with
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION}; features are imported explicitly so nothing is found by scanning.
 * Beans are lazy: a function builds only what its own bean needs. Only the function catalogue is auto-configured:
 * every other auto-configuration on the classpath would cost cold-start time and do nothing for us.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import({
        PlatformConfiguration.class,
        BillingCoreConfiguration.class,
        PlugsConfiguration.class,
        UsageConfiguration.class,
        IntegrationsConfiguration.class,
        ChatConfiguration.class,
        BillingConfiguration.class,
        FinetuneConfiguration.class,
        ConsoleConfiguration.class,
        TenantsConfiguration.class,
})
public class SmePlugApplication {

    public static void main(String[] args) {
        SpringApplication.run(SmePlugApplication.class, args);
    }
}
