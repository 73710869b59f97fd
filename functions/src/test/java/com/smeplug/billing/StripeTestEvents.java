package com.smeplug.billing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.smeplug.local.aws.ApiEvent;

/**
 * Stripe webhook deliveries made in the test: an event from a fixture under {@code billing/stripe/events/} with its
 * ids filled in, signed the way Stripe signs ({@code Stripe-Signature: t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<body>")}).
 */
final class StripeTestEvents {

    private StripeTestEvents() {
    }

    /** A fixture with its placeholders replaced: event id, created, tenant, customer and subscription ids. */
    static String event(String fixture, String eventId, long created, String tenant, String customer, String subscription) {
        return resource("billing/stripe/events/" + fixture + ".json")
                .replace("evt_REPLACED", eventId)
                .replace("\"created\": 0", "\"created\": " + created)
                .replace("\"TENANT\"", "\"" + tenant + "\"")
                .replace("cus_REPLACED", customer)
                .replace("sub_REPLACED", subscription);
    }

    static String signature(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The delivery as API Gateway passes it to the webhook function (no Authorization header). */
    static ApiEvent delivery(String payload, String signatureHeader) {
        ApiEvent event = ApiEvent.post("/billing/webhook", payload).header("user-agent", "Stripe/1.0");
        return signatureHeader == null ? event : event.header("stripe-signature", signatureHeader);
    }

    static ApiEvent signedNow(String payload, String secret) {
        return delivery(payload, signature(payload, secret, Instant.now().getEpochSecond()));
    }

    static String resource(String path) {
        try (InputStream in = StripeTestEvents.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
