package com.smeplug.finetune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Published specialisations, under the tenant: every version is kept ({@code SK=SPEC#<plug>#v000001}, its content
 * immutable), {@code SPEC#<plug>#CURRENT} is a copy of the version the chat agent uses (one read per chat request;
 * replacing it is one conditional put, so publishing is atomic per tenant and plug), and {@code SPEC#<plug>#COUNTER}
 * hands out version numbers. A version is {@code ready} once its job completed (only then can it be listed or
 * activated: a job that fails or is cancelled after writing its version leaves it unready and invisible). Completing
 * a job makes its version current only if no newer one is; an admin's activation makes any ready version current.
 */
final class SpecialisationStore implements Specialisations {

    /** What a version records besides the port's view: which job made it and how it scored. */
    public record Publication(Specialisation specialisation, String jobId, String method, Map<String, String> metrics,
            boolean ready) {

        public Publication(Specialisation specialisation, String jobId, String method, Map<String, String> metrics) {
            this(specialisation, jobId, method, metrics, false);
        }
    }

    /** One ready version as {@code GET /finetune/models} lists it. */
    public record Version(Publication publication, boolean active) {
    }

    private static final String PREFIX = "SPEC#";

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

    /** Every ready version of the tenant's specialisations, by plug then newest first; {@code active} marks the current. */
    public List<Version> versions(String tenantId) {
        Map<String, Integer> current = new HashMap<>();
        List<Publication> ready = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var response = table.client().query(QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":prefix", Items.s(PREFIX)))
                    .consistentRead(true).exclusiveStartKey(start).build());
            for (var item : response.items()) {
                String sk = Items.str(item, "SK");
                if (sk.endsWith("#CURRENT")) {
                    current.put(Items.str(item, "plug_id"), (int) Items.num(item, "version", 0));
                }
                else if (!sk.endsWith("#COUNTER") && Items.flag(item, "ready")) {
                    ready.add(fromItem(tenantId, item));
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return ready.stream()
                .sorted(Comparator.comparing((Publication p) -> p.specialisation().plugId())
                        .thenComparing(p -> -p.specialisation().version()))
                .map(p -> new Version(p, Integer.valueOf(p.specialisation().version()).equals(current.get(p.specialisation().plugId()))))
                .toList();
    }

    /** The version's deployment was deleted: it stays listed, but can no longer be activated. */
    void markUndeployed(Publication publication) {
        Specialisation s = publication.specialisation();
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(s.tenantId()), PREFIX + s.plugId() + "#" + versionKey(s.version())))
                .updateExpression("REMOVE deployment_arn SET undeployed = :true")
                .conditionExpression("attribute_exists(version)")
                .expressionAttributeValues(Map.of(":true", Items.bool(true)))
                .build());
    }

    /** Marks the job's version ready (its job is completing); harmless to repeat. */
    private void markReady(Publication publication) {
        Specialisation s = publication.specialisation();
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(s.tenantId()), PREFIX + s.plugId() + "#" + versionKey(s.version())))
                .updateExpression("SET ready = :ready")
                .conditionExpression("attribute_exists(version)")
                .expressionAttributeValues(Map.of(":ready", Items.bool(true)))
                .build());
    }

    /**
     * Makes a ready version current whatever the current one is (an admin's rollback or roll-forward); empty if the
     * tenant has no such ready version of the plug that can still be served (a custom model whose deployment was
     * deleted cannot). Returns the version that was current before, if any.
     */
    public Optional<Activation> activate(String tenantId, String plugId, int version) {
        Optional<Publication> target = version(tenantId, plugId, version).filter(Publication::ready)
                .filter(p -> p.specialisation().customModelArn() == null || p.specialisation().deploymentArn() != null);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Optional<Publication> before = current(tenantId, plugId);
        table.client().putItem(PutItemRequest.builder().tableName(table.name())
                .item(item(target.get(), "CURRENT")).build());
        return Optional.of(new Activation(target.get(), before));
    }

    public record Activation(Publication activated, Optional<Publication> before) {
    }

    Optional<Publication> current(String tenantId, String plugId) {
        return read(tenantId, plugId, "CURRENT");
    }

    /** The next version number for (tenant, plug); numbers are never reused. */
    int allocateVersion(String tenantId, String plugId) {
        var response = table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), PREFIX + plugId + "#COUNTER"))
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

    /**
     * Its job is completing: marks the version ready and makes it current unless a newer one already is; true if it
     * is current afterwards.
     */
    boolean makeCurrent(Publication publication) {
        markReady(publication);
        Specialisation s = publication.specialisation();
        Publication ready = new Publication(s, publication.jobId(), publication.method(), publication.metrics(), true);
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name())
                    .item(item(ready, "CURRENT"))
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
                .key(Items.key(TenantStore.pk(tenantId), PREFIX + plugId + "#" + suffix)).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromItem(tenantId, item));
    }

    private static Publication fromItem(String tenantId, Map<String, AttributeValue> item) {
        String plugId = Items.str(item, "plug_id");
        List<Exemplar> exemplars = item.containsKey("exemplars")
                ? item.get("exemplars").l().stream().map(v -> new Exemplar(Items.str(v.m(), "prompt"), Items.str(v.m(), "completion"))).toList()
                : List.of();
        Map<String, String> metrics = new LinkedHashMap<>();
        Items.map(item, "metrics").ifPresent(m -> m.forEach((k, v) -> metrics.put(k, v.s())));
        String publishedAt = Items.str(item, "published_at");
        return new Publication(new Specialisation(tenantId, plugId, Items.str(item, "model_id"),
                (int) Items.num(item, "version", 0), exemplars, Items.str(item, "custom_model_arn"),
                publishedAt == null ? null : Instant.parse(publishedAt), Items.str(item, "deployment_arn")),
                Items.str(item, "job_id"), Items.str(item, "method"), metrics, Items.flag(item, "ready"));
    }

    private static Map<String, AttributeValue> item(Publication publication, String suffix) {
        Specialisation s = publication.specialisation();
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(s.tenantId()), PREFIX + s.plugId() + "#" + suffix));
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
        if (s.deploymentArn() != null) {
            item.put("deployment_arn", Items.s(s.deploymentArn()));
        }
        if (publication.ready()) {
            item.put("ready", Items.bool(true));
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
