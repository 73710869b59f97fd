package com.smeplug.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline of the cold-start benchmark: GET /plugs hand-written without Spring — the same work (tenant from the
 * verified user's membership, membership and subscription reads with the same SDK client, catalogue from the jar, JSON out).
 */
public final class PlainPlugsHandler implements RequestStreamHandler {

    private final JsonMapper json = JsonMapper.builder().build();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .endpointOverride(URI.create(System.getProperty("DYNAMODB_ENDPOINT")))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build())
            .build();
    private final String table = System.getProperty("TABLE_NAME");
    private final JsonNode catalog;

    public PlainPlugsHandler() throws IOException {
        try (InputStream in = PlainPlugsHandler.class.getResourceAsStream("/plugs/catalog.json")) {
            catalog = json.readTree(in);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        // the tenant is the verified user's membership (USER#sub/MEMBERSHIP), one consistent read, as in the function
        String user = event.path("requestContext").path("authorizer").path("jwt").path("claims").path("sub").asString(null);
        var membership = user == null ? Map.<String, AttributeValue>of() : dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + user), "SK", AttributeValue.fromS("MEMBERSHIP")))
                .consistentRead(true)).item();
        String tenant = membership.containsKey("tenant_id") ? membership.get("tenant_id").s() : null;
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("headers", Map.of("Content-Type", "application/json; charset=utf-8"));
        if (tenant == null) {
            response.put("statusCode", user == null ? 401 : 403);
            response.put("body", "{\"error\":{\"code\":\"unauthorized\"}}");
        }
        else {
            var subscription = dynamoDb.getItem(b -> b.tableName(table).key(key(tenant, "SUBSCRIPTION")).consistentRead(true)).item();
            List<String> subscribed = subscription.containsKey("plug_ids")
                    ? subscription.get("plug_ids").l().stream().map(AttributeValue::s).toList() : List.of();
            List<Map<String, Object>> plugs = new ArrayList<>();
            catalog.forEach(plug -> plugs.add(Map.of("plug_id", plug.path("plug_id").asString(), "name", plug.path("name").asString(),
                    "subscribed", subscribed.contains(plug.path("plug_id").asString()))));
            response.put("statusCode", 200);
            response.put("body", json.writeValueAsString(Map.of("tenant_id", tenant, "subscribed_plug_ids", subscribed, "plugs", plugs)));
        }
        json.writeValue(output, response);
    }

    private static Map<String, AttributeValue> key(String tenant, String sk) {
        return Map.of("PK", AttributeValue.fromS("TENANT#" + tenant), "SK", AttributeValue.fromS(sk));
    }
}
