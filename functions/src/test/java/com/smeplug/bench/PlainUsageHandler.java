package com.smeplug.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
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
 * The baseline for GET /billing/usage without Spring: the same three reads (membership, subscription, the month's
 * counter item) with the same SDK client, and the same JSON out.
 */
public final class PlainUsageHandler implements RequestStreamHandler {

    private static final Map<String, Long> QUOTAS = Map.of("starter", 1_000L, "professional", 10_000L, "enterprise", 100_000L);

    private final JsonMapper json = JsonMapper.builder().build();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .endpointOverride(URI.create(System.getProperty("DYNAMODB_ENDPOINT")))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build())
            .build();
    private final String table = System.getProperty("TABLE_NAME");

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
            YearMonth month = YearMonth.now(ZoneOffset.UTC);
            var subscription = dynamoDb.getItem(b -> b.tableName(table).key(key("TENANT#" + tenant, "SUBSCRIPTION")).consistentRead(true)).item();
            var counters = dynamoDb.getItem(b -> b.tableName(table).key(key("USAGE#" + tenant + "#" + month, "COUNTERS")).consistentRead(true)).item();
            long answered = counters.containsKey("answered") ? Long.parseLong(counters.get("answered").n()) : 0;
            String plan = subscription.containsKey("plan") ? subscription.get("plan").s() : null;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant_id", tenant);
            body.put("month", month.toString());
            body.put("queries_this_month", answered);
            body.put("queries_limit", plan == null ? 0 : QUOTAS.get(plan));
            body.put("cost_accrued", new BigDecimal("0.004").multiply(BigDecimal.valueOf(answered)));
            body.put("plugs_used", Map.of());
            response.put("statusCode", 200);
            response.put("body", json.writeValueAsString(body));
        }
        json.writeValue(output, response);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }
}
