package com.smeplug.platform.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The application's one DynamoDB table (single-table design, keys {@code PK}/{@code SK}, TTL attribute
 * {@code expires_at}), with the client that reaches it.
 */
public record Table(String name, DynamoDbClient client) {

    public static final String TTL_ATTRIBUTE = "expires_at";
}
