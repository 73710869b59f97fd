package com.smeplug.platform.secrets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.smeplug.platform.http.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A local KMS speaking the JSON protocol of {@code GenerateDataKey} and {@code Decrypt} (X-Amz-Target
 * TrentService.*): data keys are wrapped with AES-GCM under the fake's own master key, the encryption context as
 * associated data, so a Decrypt with another context fails with {@code InvalidCiphertextException} as KMS does.
 */
final class FakeKms implements AutoCloseable {

    static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-fake-4b5a-9687-kms000000001";

    private final HttpServer server;
    private final byte[] masterKey = new byte[32];
    final AtomicInteger generated = new AtomicInteger();
    final AtomicInteger decrypted = new AtomicInteger();

    FakeKms() throws IOException {
        new SecureRandom().nextBytes(masterKey);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = Json.tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] context = context(body.path("EncryptionContext"));
        String response;
        int status = 200;
        if ("TrentService.GenerateDataKey".equals(target)) {
            byte[] dataKey = new byte[32];
            new SecureRandom().nextBytes(dataKey);
            byte[] wrapped = AesGcm.encrypt(masterKey, context, Base64.getEncoder().encodeToString(dataKey));
            generated.incrementAndGet();
            response = "{\"KeyId\":\"" + KEY_ARN + "\",\"CiphertextBlob\":\"" + b64(wrapped) + "\",\"Plaintext\":\""
                    + b64(dataKey) + "\"}";
        }
        else if ("TrentService.Decrypt".equals(target)) {
            try {
                String key = AesGcm.decrypt(masterKey, context, Base64.getDecoder().decode(body.path("CiphertextBlob").asString()));
                decrypted.incrementAndGet();
                response = "{\"KeyId\":\"" + KEY_ARN + "\",\"Plaintext\":\"" + key + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";
            }
            catch (SealedSecretException e) {
                status = 400;
                response = "{\"__type\":\"InvalidCiphertextException\",\"message\":null}";
            }
        }
        else {
            status = 400;
            response = "{\"__type\":\"UnknownOperationException\"}";
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static byte[] context(JsonNode context) {
        TreeMap<String, String> sorted = new TreeMap<>();
        context.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
