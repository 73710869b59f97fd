package com.smeplug.bench;

import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor of the cold-start benchmark: the same framework set-up as the real application (Spring Boot, only the
 * function catalogue auto-configured, lazy beans, FunctionInvoker, Spring AOT's bean definitions), with one function that answers a constant and
 * touches no AWS SDK, no Jackson mapping of ours, no resources. Whatever it costs, every Spring function pays first.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
public class EmptyFunctionApplication {

    /** What Spring AOT's build step runs (infra/bench/functions/run): started as FunctionInvoker starts it. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(EmptyFunctionApplication.class).sources(AWSCompanionAutoConfiguration.class).run(args);
    }

    /** As in the real application: without one, Spring Cloud Function logs a warning and builds its own. */
    @Bean
    ObjectMapper functionObjectMapper() {
        return JsonMapper.builder().build();
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> plugs() {
        return input -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of()).withBody("{}").build();
    }
}
