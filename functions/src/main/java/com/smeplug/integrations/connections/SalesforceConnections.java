package com.smeplug.integrations.connections;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.integrations.upstream.AccessTokens;
import com.smeplug.integrations.upstream.TokenCache.AccessToken;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's own Salesforce org: starting the authorization (state + PKCE), finishing it in the callback (code
 * exchange, refresh token sealed and stored), access tokens from the stored refresh token (with rotation), and
 * disconnecting (revoked at Salesforce, then deleted).
 */
public final class SalesforceConnections {

    static final String SYSTEM = "salesforce";
    static final String SECRET = "salesforce.refresh_token";
    private static final Logger log = LoggerFactory.getLogger(SalesforceConnections.class);

    private final SalesforceApp app;
    private final SalesforceOAuth oauth;
    private final OAuthStates states;
    private final ConnectionStore store;
    private final SecretBox secrets;
    private final Clock clock;

    SalesforceConnections(SalesforceApp app, SalesforceOAuth oauth, OAuthStates states, ConnectionStore store,
            SecretBox secrets, Clock clock) {
        this.app = app;
        this.oauth = oauth;
        this.states = states;
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The URL the admin's browser goes to; the state in it is bound to {@code tenantId} (and {@code userId}). */
    Map<String, Object> start(String tenantId, String userId, String environment) {
        String loginUrl = app.loginUrl(environment);
        OAuthStates.Issued issued = states.issue(tenantId, userId, loginUrl, environment);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("authorize_url", oauth.authorizeUrl(loginUrl, issued.state(), issued.challenge()));
        answer.put("environment", environment);
        answer.put("expires_at", issued.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        return answer;
    }

    /** Finishes an authorization; returns where the browser goes next. 400 for a state that is not pending. */
    String finish(String code, String state, String error) {
        OAuthStates.Pending pending = states.consume(state);
        if (error != null) {
            log.info("tenant {} did not authorize Salesforce: {}", pending.tenantId(), error.replaceAll("[^a-z_]", ""));
            return app.consoleUrl() + "#/integrations?salesforce=denied";
        }
        if (code == null || code.isBlank()) {
            throw ApiException.invalid("the callback carries neither code nor error");
        }
        SalesforceOAuth.Grant grant;
        try {
            grant = oauth.exchange(pending.loginUrl(), code, pending.verifier());
        }
        catch (SalesforceOAuth.InvalidGrant e) {
            throw new ApiException(400, "authorization_failed", "Salesforce did not accept the authorization code;"
                    + " start again from the console");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("instance_url", grant.instanceUrl());
        details.put("org_id", grant.orgId());
        details.put("user_id", grant.userId());
        details.put("login_url", pending.loginUrl());
        details.put("environment", pending.environment());
        details.put("connected_as", "org " + grant.orgId());
        if (pending.startedBy() != null) {
            details.put("connected_by", pending.startedBy());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        store.put(new Connection(pending.tenantId(), SYSTEM, Connection.Status.CONNECTED, details,
                secrets.seal(pending.tenantId(), SECRET, grant.refreshToken()), now, null, null));
        log.info("tenant {} connected Salesforce org {} ({})", pending.tenantId(), grant.orgId(), pending.environment());
        return app.consoleUrl() + "#/integrations?salesforce=connected";
    }

    ConnectionHealth health() {
        return new ConnectionHealth(store);
    }

    Optional<Connection> find(String tenantId) {
        return store.find(tenantId, SYSTEM);
    }

    /** Revokes the refresh token at Salesforce (once) and deletes the connection; false when there was none. */
    boolean disconnect(String tenantId) {
        Optional<Connection> connection = store.find(tenantId, SYSTEM);
        if (connection.isEmpty()) {
            return false;
        }
        Connection c = connection.get();
        oauth.revoke(c.detail("login_url"), secrets.open(tenantId, SECRET, c.sealedSecret()));
        store.delete(tenantId, SYSTEM);
        log.info("tenant {} disconnected Salesforce org {}", tenantId, c.detail("org_id"));
        return true;
    }

    /**
     * Access tokens for one read of the tenant's org: the first {@code current} refreshes with the stored refresh
     * token (storing a rotated one), a rejected token is refreshed once more. {@code invalid_grant} marks the
     * connection {@code needs_reconnect} and answers 409 reconnect_required.
     */
    AccessTokens accessTokens(Connection connection) {
        return new AccessTokens() {
            private AccessToken current;

            @Override
            public synchronized AccessToken current(UpstreamHttp.Call call) {
                if (current == null) {
                    current = refresh(connection.tenantId());
                }
                return current;
            }

            @Override
            public synchronized void invalidate(AccessToken rejected) {
                if (current == rejected) {
                    current = null;
                }
            }
        };
    }

    private AccessToken refresh(String tenantId) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection connection = store.find(tenantId, SYSTEM).orElseThrow(() -> ApiException.notFound("not_connected",
                    "this tenant's Salesforce connection was removed"));
            String refreshToken = secrets.open(tenantId, SECRET, connection.sealedSecret());
            SalesforceOAuth.Refreshed refreshed;
            try {
                refreshed = oauth.refresh(connection.detail("login_url"), refreshToken);
            }
            catch (SalesforceOAuth.InvalidGrant e) {
                // Another request may have rotated the token meanwhile: only a token that is still the stored one is dead.
                if (attempt == 0 && !store.find(tenantId, SYSTEM).map(Connection::sealedSecret)
                        .orElse("").equals(connection.sealedSecret())) {
                    continue;
                }
                store.markStatus(tenantId, SYSTEM, Connection.Status.NEEDS_RECONNECT,
                        "Salesforce no longer accepts this connection's refresh token (invalid_grant)");
                throw reconnectRequired();
            }
            if (refreshed.rotatedRefreshToken() != null) {
                store.replaceSecret(tenantId, SYSTEM, connection.sealedSecret(),
                        secrets.seal(tenantId, SECRET, refreshed.rotatedRefreshToken()));
            }
            return new AccessToken(refreshed.accessToken(), refreshed.instanceUrl(), clock.instant().plusSeconds(900));
        }
        throw reconnectRequired();
    }

    static ApiException reconnectRequired() {
        return new ApiException(409, "reconnect_required", "Salesforce no longer accepts this tenant's connection"
                + " (access revoked or expired); an admin must reconnect Salesforce from the console");
    }

    /** The environment connect asks for: production unless the body says sandbox. */
    static String environment(ApiRequest request) {
        if (request.body().length == 0) {
            return "production";
        }
        String environment = request.bodyAs(ConnectBody.class).environment();
        if (environment == null) {
            return "production";
        }
        if (!environment.equals("production") && !environment.equals("sandbox")) {
            throw ApiException.invalid("environment must be production or sandbox");
        }
        return environment;
    }

    /** The optional body of connect. */
    record ConnectBody(String environment) {
    }
}
