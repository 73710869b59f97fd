package com.smeplug.finetune;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Published specialisations, under the tenant: every version is kept ({@code SK=SPEC#<plug>#v000001}, immutable),
 * {@code SPEC#<plug>#CURRENT} is a copy of the version the chat agent uses (one read per chat request), and
 * {@code SPEC#<plug>#COUNTER} hands out version numbers. A version becomes current only if no newer one is.
 */
public final class SpecialisationStore implements Specialisations {

    /** What a version records besides the port's view: which job made it and how it scored. */
    public record Publication(Specialisation specialisation, String jobId, String method, Map<String, String> metrics) {
    }

    private final Table table;

    public SpecialisationStore(Table table) {
        this.table = table;
    }

    @Override
    public Optional<Specialisation> published(String tenantId, String plugId) {
        return read(tenantId, plugId, "CURRENT").map(Publication::specialisation);
    }

    public Optional<Publication> version(String tenantId, String plugId, int version) {
        return read(tenantId, plugId, versionKey(version));
    }

    Optional<Publication> current(String tenantId, String plugId) {
        return read(tenantId, plugId, "CURRENT");
    }

    /** The next version number for (tenant, plug); numbers are never reused. */
    int allocateVersion(String tenantId, String plugId) {
        var response = table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), "SPEC#" + plugId + "#COUNTER"))
                .updateExpression("ADD last_version :one")
                .expressionAttributeValues(Map.of(":one", Items.n(1)))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build());
        return (int) Items.num(response.attributes(), "last_version", 0);
    }

    /** Writes a version (the same content every time for the same job, so a re-run is harmless). */
    void writeVersion(Publication publication) {
        Specialisation s = publication.specialisation();
        table.client().putItem(PutItemRequest.builder().tableName(table.name())
                .item(item(publication, versionKey(s.version()))).build());
    }

    /** Makes the version current unless a newer one already is; true if it is current afterwards. */
    boolean makeCurrent(Publication publication) {
        Specialisation s = publication.specialisation();
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name())
                    .item(item(publication, "CURRENT"))
                    .conditionExpression("attribute_not_exists(version) OR version <= :version")
                    .expressionAttributeValues(Map.of(":version", Items.n(s.version())))
                    .build());
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Optional<Publication> read(String tenantId, String plugId, String suffix) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), "SPEC#" + plugId + "#" + suffix)).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<Exemplar> exemplars = item.containsKey("exemplars")
                ? item.get("exemplars").l().stream().map(v -> new Exemplar(Items.str(v.m(), "prompt"), Items.str(v.m(), "completion"))).toList()
                : List.of();
        Map<String, String> metrics = new LinkedHashMap<>();
        Items.map(item, "metrics").ifPresent(m -> m.forEach((k, v) -> metrics.put(k, v.s())));
        String publishedAt = Items.str(item, "published_at");
        return Optional.of(new Publication(new Specialisation(tenantId, plugId, Items.str(item, "model_id"),
                (int) Items.num(item, "version", 0), exemplars, Items.str(item, "custom_model_arn"),
                publishedAt == null ? null : Instant.parse(publishedAt)),
                Items.str(item, "job_id"), Items.str(item, "method"), metrics));
    }

    private static Map<String, AttributeValue> item(Publication publication, String suffix) {
        Specialisation s = publication.specialisation();
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(s.tenantId()), "SPEC#" + s.plugId() + "#" + suffix));
        item.put("tenant_id", Items.s(s.tenantId()));
        item.put("plug_id", Items.s(s.plugId()));
        item.put("version", Items.n(s.version()));
        item.put("model_id", Items.s(s.modelId()));
        item.put("exemplars", AttributeValue.fromL(s.exemplars().stream()
                .map(e -> AttributeValue.fromM(Map.of("prompt", Items.s(e.prompt()), "completion", Items.s(e.completion()))))
                .toList()));
        if (s.customModelArn() != null) {
            item.put("custom_model_arn", Items.s(s.customModelArn()));
        }
        item.put("published_at", Items.s(s.publishedAt().toString()));
        item.put("job_id", Items.s(publication.jobId()));
        item.put("method", Items.s(publication.method()));
        Map<String, AttributeValue> metrics = new LinkedHashMap<>();
        publication.metrics().forEach((k, v) -> metrics.put(k, Items.s(v)));
        item.put("metrics", AttributeValue.fromM(metrics));
        return item;
    }

    private static String versionKey(int version) {
        return "v" + String.format("%06d", version);
    }
}
