package com.smeplug.integrations.connections;

import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.secrets.SecretBox;
import com.smeplug.platform.secrets.SecretsConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Per-tenant connections: the store, the Salesforce OAuth flow (only built when USE_REAL_SALESFORCE=true, which then
 * needs the connected app's credentials), the {@link Connections} port, and the functions
 * {@code salesforceConnect} ({@code POST /integrations/salesforce/connect}, admin), {@code salesforceCallback}
 * ({@code GET /integrations/salesforce/callback}, no token: the single-use state authenticates it) and
 * {@code salesforceDisconnect} ({@code DELETE /integrations/salesforce}, admin).
 */
@Configuration(proxyBeanMethods = false)
@Import(SecretsConfiguration.class)
public class ConnectionsConfiguration {

    @Bean
    ConnectionStore connectionStore(Table table) {
        return new ConnectionStore(table);
    }

    @Bean
    SalesforceConnections salesforceConnections(Settings settings, Table table, SecretBox secrets,
            ConnectionStore store, Clock clock) {
        SalesforceApp app = SalesforceApp.from(settings);
        SalesforceOAuth oauth = new SalesforceOAuth(app, UpstreamHttp.fromSettings("Salesforce", settings));
        return new SalesforceConnections(app, oauth, new OAuthStates(table, secrets, clock), store, secrets, clock);
    }

    @Bean
    SapConnections sapConnections(Settings settings, SecretBox secrets, ConnectionStore store, Clock clock) {
        return new SapConnections(store, secrets, OutboundUrls.fromSetting(settings.get("CONNECTIONS_ALLOWED_HOSTS", null)),
                UpstreamHttp.fromSettings("SAP", settings), clock);
    }

    @Bean
    Connections connections(ConnectionStore store, Settings settings, ObjectProvider<SalesforceConnections> salesforce) {
        return new TenantConnections(store, settings.flag("USE_REAL_SALESFORCE") ? salesforce.getObject() : null);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> salesforceConnect(HttpFunctions http, Settings settings,
            ObjectProvider<SalesforceConnections> salesforce) {
        SalesforceConnections connections = settings.flag("USE_REAL_SALESFORCE") ? salesforce.getObject() : null;
        return http.route(Route.post(1024).admin(), request -> {
            if (connections == null) {
                throw DisabledConnections.of("USE_REAL_SALESFORCE", "Salesforce");
            }
            // the user who started the authorization (the token's sub) is bound into the state with the tenant
            return ApiResponse.ok(connections.start(request.tenant(), request.user(), SalesforceConnections.environment(request)));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> salesforceCallback(HttpFunctions http, Settings settings,
            ObjectProvider<SalesforceConnections> salesforce) {
        SalesforceConnections connections = settings.flag("USE_REAL_SALESFORCE") ? salesforce.getObject() : null;
        return http.route(Route.get().unauthenticated(), request -> {
            if (connections == null) {
                throw DisabledConnections.of("USE_REAL_SALESFORCE", "Salesforce");
            }
            String location = connections.finish(request.query("code").orElse(null), request.query("state").orElse(null),
                    request.query("error").orElse(null));
            return ApiResponse.raw(302, "", "text/plain; charset=utf-8", Map.of("Location", location));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> salesforceDisconnect(HttpFunctions http, Settings settings,
            ObjectProvider<SalesforceConnections> salesforce, ConnectionStore store) {
        SalesforceConnections connections = settings.flag("USE_REAL_SALESFORCE") ? salesforce.getObject() : null;
        return http.route(Route.method("DELETE", 0).admin(), request -> {
            if (connections == null) {
                throw DisabledConnections.of("USE_REAL_SALESFORCE", "Salesforce");
            }
            if (!connections.disconnect(request.tenant())) {
                throw ApiException.notFound("not_connected", "this tenant has no Salesforce connection to remove");
            }
            return ApiResponse.ok(Map.of("system", "salesforce", "status", "not_connected", "revoked", true));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> sapConnect(HttpFunctions http, Settings settings,
            ObjectProvider<SapConnections> sap) {
        SapConnections connections = settings.flag("USE_REAL_SAP") ? sap.getObject() : null;
        return http.route(Route.method("PUT", 8 * 1024).admin(), request -> {
            if (connections == null) {
                throw DisabledConnections.of("USE_REAL_SAP", "SAP");
            }
            return ApiResponse.ok(connections.save(request.tenant(), request.user(),
                    request.bodyAs(SapConnections.Request.class)));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> sapDisconnect(HttpFunctions http, Settings settings,
            ObjectProvider<SapConnections> sap) {
        SapConnections connections = settings.flag("USE_REAL_SAP") ? sap.getObject() : null;
        return http.route(Route.method("DELETE", 0).admin(), request -> {
            if (connections == null) {
                throw DisabledConnections.of("USE_REAL_SAP", "SAP");
            }
            if (!connections.delete(request.tenant())) {
                throw ApiException.notFound("not_connected", "this tenant has no SAP connection to remove");
            }
            return ApiResponse.ok(Map.of("connector", "sap", "status", "not_connected"));
        });
    }
}
