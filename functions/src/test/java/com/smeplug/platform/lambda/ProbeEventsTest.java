package com.smeplug.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.smeplug.local.aws.RepoRoot;

import com.smeplug.platform.auth.GatewayClaimsAuthenticator;
import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.tenant.Membership;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The probe requests of priming, through the real handler and authenticator: a route that declares probe bodies is
 * reached by the probe tenant's member once per body; any other route gets one request from a user of no tenant,
 * which stops at the tenant check.
 */
class ProbeEventsTest {

    private final List<String> seen = new ArrayList<>();
    private final HttpFunctions http = new HttpFunctions(new GatewayClaimsAuthenticator(),
            user -> Probe.MEMBER.equals(user) ? Optional.of(new Membership(user, Probe.TENANT, Role.MEMBER, null))
                    : Optional.empty());

    @Test
    void a_route_with_probe_bodies_is_reached_by_the_probe_member_once_per_body_and_any_other_stops_at_the_tenant_check() {
        var probed = http.route(Route.post().probedWith("{\"n\":1}", "{\"n\":2}"), request -> {
            seen.add(request.tenant() + " " + new String(request.body()));
            return ApiResponse.ok(Map.of());
        });
        var plain = http.route(Route.get(), request -> {
            seen.add("plain endpoint ran");
            return ApiResponse.ok(Map.of());
        });

        List<byte[]> events = ProbeEvents.of(http);

        assertThat(events).hasSize(3);
        assertThat(probed.apply(new ByteArrayInputStream(events.get(0))).getStatusCode()).isEqualTo(200);
        assertThat(probed.apply(new ByteArrayInputStream(events.get(1))).getStatusCode()).isEqualTo(200);
        var stranger = plain.apply(new ByteArrayInputStream(events.get(2)));
        assertThat(stranger.getStatusCode()).isEqualTo(403);
        assertThat(stranger.getBody()).contains("unknown_tenant");
        assertThat(seen).containsExactly(Probe.TENANT + " {\"n\":1}", Probe.TENANT + " {\"n\":2}");
    }

    @Test
    void a_probe_event_carries_every_field_a_real_api_gateway_event_carries() throws IOException {
        // Jackson binds each event property's setter on the first event that carries it: a field only real events
        // carry is bound, cold, on the first real request after a restore.
        JsonNode real = Json.tree(Files.readString(RepoRoot.find().resolve("infra/events/plugs.json")));
        JsonNode probe = Json.tree(new String(ProbeEvents.event(Route.get(), Probe.MEMBER, ""), StandardCharsets.UTF_8));

        assertThat(fields(real, "")).contains("/routeKey", "/requestContext/http/sourceIp", "/requestContext/authorizer/jwt/scopes");
        assertThat(fields(probe, "")).containsAll(fields(real, ""));
    }

    /** The paths of an event's fields; the entries of a map-valued field (headers, claims) are not fields. */
    private static Set<String> fields(JsonNode node, String path) {
        Set<String> fields = new TreeSet<>();
        if (node.isObject() && !path.endsWith("headers") && !path.endsWith("claims")) {
            for (String name : node.propertyNames()) {
                fields.add(path + "/" + name);
                fields.addAll(fields(node.get(name), path + "/" + name));
            }
        }
        return fields;
    }
}
