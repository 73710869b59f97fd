package com.smeplug.finetune;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import tools.jackson.core.type.TypeReference;

/**
 * Jobs under their tenant ({@code PK=TENANT#id, SK=FTJOB#<job_id>}) and their examples as chunk items
 * ({@code SK=FTEX#<job_id>#<n>}, each well under DynamoDB's 400 KB item limit). Every change to a running job is
 * conditional on the job still being at the message sequence number the writer read, and not finished.
 */
final class JobStore {

    static final String JOB_PREFIX = "FTJOB#";
    static final String EXAMPLES_PREFIX = "FTEX#";
    /** UTF-8 bytes of example JSON per chunk item; leaves room for keys and attribute names under 400 KB. */
    static final int CHUNK_BYTES = 300_000;

    private final Table table;

    public JobStore(Table table) {
        this.table = table;
    }

    /** Examples split into chunk texts (JSON arrays) and the SHA-256 of the whole list, checked on every read. */
    record ExampleChunks(List<String> chunks, String sha256) {

        static ExampleChunks of(List<Example> examples) {
            List<String> chunks = new ArrayList<>();
            List<Example> current = new ArrayList<>();
            int bytes = 2;
            for (Example example : examples) {
                int size = Json.writeBytes(example).length + 1;
                if (!current.isEmpty() && bytes + size > CHUNK_BYTES) {
                    chunks.add(Json.write(current));
                    current = new ArrayList<>();
                    bytes = 2;
                }
                current.add(example);
                bytes += size;
            }
            if (!current.isEmpty()) {
                chunks.add(Json.write(current));
            }
            return new ExampleChunks(List.copyOf(chunks), JobStore.sha256(examples));
        }
    }

    static String sha256(List<Example> examples) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(examples).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores the examples, then the job (which must be new). */
    void create(Job job, ExampleChunks examples, Instant examplesExpireAt) {
        for (int i = 0; i < examples.chunks().size(); i++) {
            Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(job.tenantId()), chunkKey(job.jobId(), i)));
            item.put("examples", Items.s(examples.chunks().get(i)));
            item.put(Table.TTL_ATTRIBUTE, Items.n(examplesExpireAt.getEpochSecond()));
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
        }
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(toItem(job))
                .conditionExpression("attribute_not_exists(PK)").build());
    }

    /** The tenant's job, or 404 {@code not_found} (also for an id that cannot be one of ours). */
    Job get(String tenantId, String jobId) {
        return (JobIds.valid(jobId) ? find(tenantId, jobId) : Optional.<Job>empty())
                .orElseThrow(() -> ApiException.notFound("not_found", "no fine-tune job " + jobId + " for this tenant"));
    }

    public Optional<Job> find(String tenantId, String jobId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), JOB_PREFIX + jobId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The tenant's jobs, newest first (job ids sort by creation time). */
    public List<Job> list(String tenantId, int limit) {
        var response = table.client().query(QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":prefix", Items.s(JOB_PREFIX)))
                .scanIndexForward(false)
                .limit(limit)
                .build());
        return response.items().stream().map(JobStore::fromItem).toList();
    }

    /**
     * Writes the job as it now stands if it is still at {@code expectedSeq} and not finished; false if another
     * delivery or a cancel got there first (then nothing was written).
     */
    boolean replace(Job job, int expectedSeq) {
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(toItem(job))
                    .conditionExpression("#seq = :seq AND #status IN (:queued, :running)")
                    .expressionAttributeNames(Map.of("#seq", "seq", "#status", "status"))
                    .expressionAttributeValues(Map.of(":seq", Items.n(expectedSeq), ":queued", Items.s(Job.QUEUED),
                            ":running", Items.s(Job.RUNNING)))
                    .build());
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Like {@link #replace} but also requires that no step started since the job was read ({@code attempts}
     * unchanged): a cancel must not overwrite a step that began meanwhile (it re-reads and decides again).
     */
    boolean replaceUnchanged(Job job, int expectedSeq, int expectedAttempts) {
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(toItem(job))
                    .conditionExpression("#seq = :seq AND attempts = :attempts AND #status IN (:queued, :running)")
                    .expressionAttributeNames(Map.of("#seq", "seq", "#status", "status"))
                    .expressionAttributeValues(Map.of(":seq", Items.n(expectedSeq), ":attempts", Items.n(expectedAttempts),
                            ":queued", Items.s(Job.QUEUED), ":running", Items.s(Job.RUNNING)))
                    .build());
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records that the message for {@code seq} is on the queue (so a redelivered predecessor need not re-send it). */
    void markEnqueued(Job job) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Items.key(TenantStore.pk(job.tenantId()), JOB_PREFIX + job.jobId()))
                    .updateExpression("SET next_enqueued = :true")
                    .conditionExpression("#seq = :seq")
                    .expressionAttributeNames(Map.of("#seq", "seq"))
                    .expressionAttributeValues(Map.of(":true", Items.bool(true), ":seq", Items.n(job.seq())))
                    .build());
            job.nextEnqueued();
        }
        catch (ConditionalCheckFailedException e) {
            // the next message was applied already: it was certainly enqueued
        }
    }

    /** Keeps the latest failure of the current step on the job, for the dead-letter reason. Best effort. */
    void noteFailure(Job job, String message) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Items.key(TenantStore.pk(job.tenantId()), JOB_PREFIX + job.jobId()))
                    .updateExpression("SET last_error = :error")
                    .conditionExpression("#seq = :seq")
                    .expressionAttributeNames(Map.of("#seq", "seq"))
                    .expressionAttributeValues(Map.of(":error", Items.s(message), ":seq", Items.n(job.seq())))
                    .build());
        }
        catch (RuntimeException e) {
            // the job moved on, or the table is what failed in the first place
        }
    }

    /** The version a job publishes, recorded on the job the first time so that a re-run reuses it. */
    int reserveSpecVersion(Job job, IntSupplier allocate) {
        if (job.specVersion() != null) {
            return job.specVersion();
        }
        int version = allocate.getAsInt();
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Items.key(TenantStore.pk(job.tenantId()), JOB_PREFIX + job.jobId()))
                    .updateExpression("SET spec_version = :version")
                    .conditionExpression("#seq = :seq AND #status = :running AND attribute_not_exists(spec_version)")
                    .expressionAttributeNames(Map.of("#seq", "seq", "#status", "status"))
                    .expressionAttributeValues(Map.of(":version", Items.n(version), ":seq", Items.n(job.seq()),
                            ":running", Items.s(Job.RUNNING)))
                    .build());
            job.specVersion(version);
            return version;
        }
        catch (ConditionalCheckFailedException e) {
            Job now = find(job.tenantId(), job.jobId()).orElseThrow(() -> new JobMovedOn("job disappeared"));
            if (now.seq() == job.seq() && now.specVersion() != null && !now.terminal()) {
                job.specVersion(now.specVersion());
                return now.specVersion();
            }
            throw new JobMovedOn("job " + job.jobId() + " moved on while reserving its version");
        }
    }

    /** The job's examples, in the order submitted; a missing chunk or a checksum mismatch fails the job. */
    List<Example> examples(Job job) {
        List<Example> examples = new ArrayList<>();
        int chunks = 0;
        Map<String, AttributeValue> start = null;
        do {
            var response = table.client().query(QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(job.tenantId())),
                            ":prefix", Items.s(EXAMPLES_PREFIX + job.jobId() + "#")))
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build());
            for (var item : response.items()) {
                examples.addAll(Json.MAPPER.readValue(Items.str(item, "examples"), new TypeReference<List<Example>>() { }));
                chunks++;
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        if (chunks != job.exampleChunks() || examples.size() != job.exampleCount()) {
            throw new StepFailure("the job's examples are incomplete: found " + examples.size() + " examples in " + chunks
                    + " chunks, expected " + job.exampleCount() + " in " + job.exampleChunks());
        }
        if (!sha256(examples).equals(job.examplesSha256())) {
            throw new StepFailure("the job's examples changed after submission (SHA-256 mismatch)");
        }
        return examples;
    }

    private static String chunkKey(String jobId, int index) {
        return EXAMPLES_PREFIX + jobId + "#" + String.format("%04d", index);
    }

    // --- item mapping ------------------------------------------------------------------------------------------

    static Map<String, AttributeValue> toItem(Job job) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(job.tenantId()), JOB_PREFIX + job.jobId()));
        item.put("type", Items.s("finetune_job"));
        item.put("job_id", Items.s(job.jobId()));
        item.put("tenant_id", Items.s(job.tenantId()));
        item.put("plug_id", Items.s(job.plugId()));
        item.put("method", Items.s(job.method()));
        item.put("mock_mode", Items.bool(job.mockMode()));
        item.put("source", Items.s(job.source()));
        item.put("created_at", Items.s(job.createdAt().toString()));
        item.put("example_count", Items.n(job.exampleCount()));
        item.put("example_chunks", Items.n(job.exampleChunks()));
        item.put("examples_sha256", Items.s(job.examplesSha256()));
        item.put("status", Items.s(job.status()));
        item.put("progress", Items.n(job.progress()));
        item.put("step_index", Items.n(job.stepIndex()));
        item.put("seq", Items.n(job.seq()));
        item.put("steps", AttributeValue.fromL(job.steps().stream().map(JobStore::stepItem).toList()));
        putIfPresent(item, "model_id", job.modelId());
        putIfPresent(item, "started_at", job.startedAt());
        putIfPresent(item, "completed_at", job.completedAt());
        putIfPresent(item, "error", job.error());
        Map<String, AttributeValue> outputs = new LinkedHashMap<>();
        job.outputs().forEach((k, v) -> outputs.put(k, Items.s(v)));
        item.put("outputs", AttributeValue.fromM(outputs));
        item.put("next_enqueued", Items.bool(job.isNextEnqueued()));
        item.put("attempts", Items.n(job.attempts()));
        putIfPresent(item, "last_error", job.lastError());
        item.put("polls", Items.n(job.polls()));
        if (job.specVersion() != null) {
            item.put("spec_version", Items.n(job.specVersion()));
        }
        return item;
    }

    static Job fromItem(Map<String, AttributeValue> item) {
        List<JobStep> steps = item.get("steps").l().stream().map(v -> {
            var m = v.m();
            return new JobStep(Items.str(m, "name"), Items.str(m, "status"), instant(m, "started_at"),
                    instant(m, "completed_at"), Items.str(m, "detail"));
        }).toList();
        Map<String, String> outputs = new LinkedHashMap<>();
        Items.map(item, "outputs").ifPresent(m -> m.forEach((k, v) -> outputs.put(k, v.s())));
        return new Job(Items.str(item, "tenant_id"), Items.str(item, "job_id"), Items.str(item, "plug_id"),
                Items.str(item, "method"), Items.flag(item, "mock_mode"), Items.str(item, "source"),
                instant(item, "created_at"), (int) Items.num(item, "example_count", 0),
                (int) Items.num(item, "example_chunks", 0), Items.str(item, "examples_sha256"), Items.str(item, "status"),
                (int) Items.num(item, "progress", 0), (int) Items.num(item, "step_index", 0), (int) Items.num(item, "seq", 0),
                steps, Items.str(item, "model_id"), instant(item, "started_at"), instant(item, "completed_at"),
                Items.str(item, "error"), outputs, Items.flag(item, "next_enqueued"), (int) Items.num(item, "attempts", 0),
                Items.str(item, "last_error"), (int) Items.num(item, "polls", 0),
                item.containsKey("spec_version") ? (int) Items.num(item, "spec_version", 0) : null);
    }

    private static AttributeValue stepItem(JobStep step) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("name", Items.s(step.name()));
        m.put("status", Items.s(step.status()));
        putIfPresent(m, "started_at", step.startedAt());
        putIfPresent(m, "completed_at", step.completedAt());
        putIfPresent(m, "detail", step.detail());
        return AttributeValue.fromM(m);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, Items.s(value.toString()));
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = Items.str(item, name);
        return value == null ? null : Instant.parse(value);
    }
}
