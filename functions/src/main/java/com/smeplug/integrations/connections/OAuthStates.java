package com.smeplug.integrations.connections;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.secrets.SecretBox;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Pending OAuth authorizations: the {@code state} sent to Salesforce is {@code <tenant>.<256 random bits>}, stored
 * as {@code PK=TENANT#<tenant>, SK=OAUTH_STATE#<nonce>} with the PKCE verifier (sealed), the login host and who
 * started it; usable once (consumed by a delete that returns the item), for 10 minutes (checked here: TTL deletes
 * late, and dynalite never). The tenant half only finds the item: a nonce presented under another tenant finds nothing.
 */
final class OAuthStates {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String SK_PREFIX = "OAUTH_STATE#";
    private static final Pattern STATE = Pattern.compile("([a-z0-9][a-z0-9_-]{1,62})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A consumed state: whose it was, and what the exchange needs. */
    record Pending(String tenantId, String startedBy, String verifier, String loginUrl, String environment) {

        @Override
        public String toString() {
            return "Pending[tenant=" + tenantId + ", environment=" + environment + "]";
        }
    }

    /** What the connect endpoint hands out. */
    record Issued(String state, String challenge, Instant expiresAt) {
    }

    private final Table table;
    private final SecretBox secrets;
    private final Clock clock;

    OAuthStates(Table table, SecretBox secrets, Clock clock) {
        this.table = table;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** {@code startedBy}: the user who clicked Connect (null until requests carry a user; see ConnectionsConfiguration). */
    Issued issue(String tenantId, String startedBy, String loginUrl, String environment) {
        String nonce = random();
        String verifier = random() + random();
        Instant expiresAt = clock.instant().plus(LIFETIME);
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(tenantId), SK_PREFIX + nonce));
        item.put("verifier", Items.s(secrets.seal(tenantId, "salesforce.pkce_verifier", verifier)));
        item.put("login_url", Items.s(loginUrl));
        item.put("environment", Items.s(environment));
        if (startedBy != null) {
            item.put("started_by", Items.s(startedBy));
        }
        item.put("valid_until", Items.s(expiresAt.toString()));
        item.put(Table.TTL_ATTRIBUTE, Items.n(expiresAt.getEpochSecond() + 3600));
        table.client().putItem(b -> b.tableName(table.name()).item(item));
        return new Issued(tenantId + "." + nonce, Pkce.challenge(verifier), expiresAt);
    }

    /** Takes the state out (whatever follows, it cannot be used again); 400 for a state that is not pending. */
    Pending consume(String state) {
        var matcher = STATE.matcher(state == null ? "" : state);
        if (!matcher.matches()) {
            throw invalid();
        }
        String tenantId = matcher.group(1);
        Map<String, AttributeValue> item = table.client().deleteItem(b -> b.tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), SK_PREFIX + matcher.group(2)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        if (item == null || item.isEmpty()) {
            throw invalid();
        }
        if (!clock.instant().isBefore(Instant.parse(Items.str(item, "valid_until")))) {
            throw new ApiException(400, "invalid_state", "this connection attempt expired; start again from the console");
        }
        return new Pending(tenantId, Items.str(item, "started_by"),
                secrets.open(tenantId, "salesforce.pkce_verifier", Items.str(item, "verifier")),
                Items.str(item, "login_url"), Items.str(item, "environment"));
    }

    private static ApiException invalid() {
        return new ApiException(400, "invalid_state", "unknown or already used state; start again from the console");
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
