package com.smeplug.console;

import java.io.InputStream;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The web console: the {@code console} function serves the page and its files ({@code GET /}, {@code GET /console/...}). */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    @Bean
    ConsoleAssets consoleAssets() {
        return ConsoleAssets.load();
    }

    @Bean
    ConsoleSettings consoleSettings(Settings settings) {
        return ConsoleSettings.from(settings);
    }

    /** No token needed: the page and its files hold no data; every API call the page makes carries the token. */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> console(HttpFunctions http, ConsoleAssets assets,
            ConsoleSettings settings) {
        return http.route(Route.get().unauthenticated(), new ConsoleEndpoint(assets, settings));
    }
}
