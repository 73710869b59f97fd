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

import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
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

    /**
     * No bean here listens with {@code @EventListener} (nor does any library we ship), so Spring's processor for them
     * goes: at start-up it reflects over every method of every bean type — the SDK clients' hundreds of request and
     * response classes included — even for lazy beans that are never created. {@code ApplicationListener} beans are
     * unaffected (they are found by another post-processor). {@code NoEventListenerMethodsTest} keeps this true.
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor withoutEventListenerMethods() {
        return registry -> {
            if (registry.containsBeanDefinition(AnnotationConfigUtils.EVENT_LISTENER_PROCESSOR_BEAN_NAME)) {
                registry.removeBeanDefinition(AnnotationConfigUtils.EVENT_LISTENER_PROCESSOR_BEAN_NAME);
            }
        };
    }

    /**
     * Starts the application as Spring Cloud Function's Lambda handler does (its AWS companion configuration beside
     * this class). Spring AOT's build step runs this method to record the context's bean definitions, so they match
     * what {@code FunctionInvoker} starts.
     */
    public static void main(String[] args) {
        new SpringApplicationBuilder(SmePlugApplication.class).sources(AWSCompanionAutoConfiguration.class).run(args);
    }
}
