package com.smeplug.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.http.ApiException;
import com.smeplug.usage.UsageMeter.TokenUsage;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * The answer from a model on Amazon Bedrock ({@code USE_REAL_LLM=true}) through the {@code Converse} API of the AWS
 * SDK already shipped, signed with the function's IAM role: Claude by default, or any model id Bedrock takes (a
 * tenant's deployed custom model included). What the model is told is {@link ModelPrompt}'s; the tenant's CRM and
 * ERP lookups are offered as tools ({@code toolConfig}) and run by {@link RecordTools} for the tenant of the token
 * only. The tool loop is bounded: in the last round the model is told to answer with what it has. The client
 * retries throttling and 5xx with backoff; each attempt has its own timeout and the whole answer stays within the
 * deadline. What still fails is a 502, a timeout a 504.
 */
final class BedrockResponder implements Responder {

    private static final ToolConfiguration TOOLS = ToolConfiguration.builder()
            .tools(RecordTools.DEFINITIONS.stream().map(BedrockResponder::tool).toList())
            .build();

    private final BedrockRuntimeClient client;
    /** The real system that answers ({@code source} of a reply that rests on no sample data). */
    static final String PROVIDER = "bedrock";

    private final String modelId;
    private final int maxTokens;
    private final Duration attemptTimeout;
    private final Duration deadline;
    private final int maxToolRounds;
    private final RecordTools tools;
    private final Responder probeAnswers;

    /** {@code probeAnswers} answers priming's probe, which never calls the model (a snapshot waits on no call). */
    BedrockResponder(BedrockRuntimeClient client, String modelId, int maxTokens, Duration attemptTimeout,
            Duration deadline, int maxToolRounds, RecordTools tools, Responder probeAnswers) {
        this.probeAnswers = probeAnswers;
        this.client = client;
        this.modelId = modelId;
        this.maxTokens = maxTokens;
        this.attemptTimeout = attemptTimeout;
        this.deadline = deadline;
        this.maxToolRounds = maxToolRounds;
        this.tools = tools;
    }

    @Override
    public Answer answer(Question question) {
        if (Probe.isTenant(question.tenantId())) {
            return probeAnswers.answer(question);
        }
        long started = System.nanoTime();
        // the tenant's deployed custom model for this plug when fine-tune published one, else the base model
        String model = question.modelId(modelId);
        String system = ModelPrompt.system(question);
        List<Message> messages = new ArrayList<>();
        for (Turn turn : question.history()) {
            messages.add(text(ConversationRole.USER, turn.message()));
            messages.add(text(ConversationRole.ASSISTANT, turn.reply()));
        }
        messages.add(text(ConversationRole.USER, question.message()));
        List<Citation> recordCitations = new ArrayList<>();
        long inputTokens = 0;
        long outputTokens = 0;
        for (int round = 0; ; round++) {
            ConverseResponse response = call(model, system, messages, started);
            if (response.usage() != null) {
                inputTokens += response.usage().inputTokens();
                outputTokens += response.usage().outputTokens();
            }
            Message reply = response.output() == null ? null : response.output().message();
            List<ContentBlock> content = reply == null || reply.content() == null ? List.of() : reply.content();
            List<ToolUseBlock> toolUses = content.stream().map(ContentBlock::toolUse).filter(use -> use != null).toList();
            if (response.stopReason() == StopReason.TOOL_USE && !toolUses.isEmpty() && round < maxToolRounds) {
                messages.add(reply);
                List<ContentBlock> results = new ArrayList<>();
                for (ToolUseBlock use : toolUses) {
                    results.add(toolResult(question.tenantId(), use, recordCitations));
                }
                if (round + 1 == maxToolRounds) {
                    // Converse has no "no tools" choice once tools were used: the last round is told instead.
                    results.add(ContentBlock.fromText("That was the last lookup: answer now with what you have."));
                }
                messages.add(Message.builder().role(ConversationRole.USER).content(results).build());
                continue;
            }
            String text = content.stream().map(ContentBlock::text).filter(t -> t != null)
                    .collect(Collectors.joining("\n\n")).strip();
            if (text.isEmpty()) {
                throw ApiException.upstream("the model returned no text", null);
            }
            List<Citation> citations = new ArrayList<>(ModelPrompt.citedPassages(text, question.passages()));
            citations.addAll(recordCitations);
            ModelPrompt.specialisationCitation(question).ifPresent(citations::add);
            boolean sample = citations.stream().anyMatch(Citation::mockMode);
            return new Answer(text, List.copyOf(citations), model, false, new TokenUsage(inputTokens, outputTokens), model,
                    sample ? Answer.SAMPLE : PROVIDER);
        }
    }

    private ConverseResponse call(String model, String system, List<Message> messages, long started) {
        Duration left = deadline.minusNanos(System.nanoTime() - started);
        if (left.toMillis() < 500) {
            throw ApiException.upstreamTimeout("the model did not answer in time", null);
        }
        ConverseRequest request = ConverseRequest.builder()
                .modelId(model)
                .system(SystemContentBlock.fromText(system))
                .messages(List.copyOf(messages))
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(maxTokens).build())
                .toolConfig(TOOLS)
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .apiCallTimeout(left)
                        .apiCallAttemptTimeout(left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout)
                        .build())
                .build();
        try {
            return client.converse(request);
        }
        catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw ApiException.upstreamTimeout("the model did not answer in time", e);
        }
        catch (BedrockRuntimeException e) {
            throw ApiException.upstream("the model provider answered " + e.statusCode(), e);
        }
        catch (SdkException e) {
            throw ApiException.upstream("the model provider could not be reached", e);
        }
    }

    private ContentBlock toolResult(String tenantId, ToolUseBlock use, List<Citation> citations) {
        Object input = use.input() == null ? null : use.input().unwrap();
        RecordTools.Result result = tools.run(tenantId, use.name(), input instanceof Map<?, ?> map ? map : Map.of(), citations);
        return ContentBlock.fromToolResult(ToolResultBlock.builder()
                .toolUseId(use.toolUseId())
                .content(ToolResultContentBlock.fromText(result.content()))
                .status(result.error() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS)
                .build());
    }

    private static Message text(ConversationRole role, String text) {
        return Message.builder().role(role).content(ContentBlock.fromText(text)).build();
    }

    private static Tool tool(RecordTools.Definition definition) {
        return Tool.fromToolSpec(ToolSpecification.builder()
                .name(definition.name())
                .description(definition.description())
                .inputSchema(ToolInputSchema.fromJson(document(definition.inputSchema())))
                .build());
    }

    private static Document document(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Document> members = new LinkedHashMap<>();
            map.forEach((key, member) -> members.put(String.valueOf(key), document(member)));
            return Document.fromMap(members);
        }
        if (value instanceof List<?> list) {
            return Document.fromList(list.stream().map(BedrockResponder::document).toList());
        }
        if (value instanceof Boolean b) {
            return Document.fromBoolean(b);
        }
        if (value instanceof Number n) {
            return Document.fromNumber(n.toString());
        }
        return value == null ? Document.fromNull() : Document.fromString(value.toString());
    }
}
