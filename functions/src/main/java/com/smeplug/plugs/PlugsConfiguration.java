package com.smeplug.plugs;

import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plug catalogue and the {@code plugs} function ({@code GET /plugs}). */
@Configuration(proxyBeanMethods = false)
public class PlugsConfiguration {

    @Bean
    PlugCatalog plugCatalog() {
        return PlugCatalog.load();
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> plugs(HttpFunctions http, PlugCatalog catalog,
            SubscribedPlugs subscribedPlugs) {
        return http.route(Route.get().probedWith(""), request -> {
            var standing = subscribedPlugs.of(request.tenant());
            List<String> subscribed = standing.map(SubscribedPlugs.Standing::plugIds).orElse(List.of());
            List<PlugsView.Entry> entries = catalog.all().stream()
                    .map(plug -> new PlugsView.Entry(plug.plugId(), plug.name(), plug.description(), plug.domains(),
                            subscribed.contains(plug.plugId())))
                    .toList();
            return ApiResponse.ok(new PlugsView(request.tenant(),
                    standing.map(SubscribedPlugs.Standing::plan).orElse(null),
                    standing.map(SubscribedPlugs.Standing::status).orElse("none"),
                    subscribed, entries));
        });
    }
}
