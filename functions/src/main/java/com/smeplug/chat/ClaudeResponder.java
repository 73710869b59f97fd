package com.smeplug.chat;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceNone;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUnion;
import com.anthropic.models.messages.ToolUseBlock;
import com.smeplug.chat.knowledge.Hit;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.integrations.SalesforceView;
import com.smeplug.integrations.SapView;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.smeplug.usage.UsageMeter.TokenUsage;

/**
 * The answer from Claude ({@code USE_REAL_LLM=true}) through the official SDK. The system prompt holds the plug's
 * persona, the passages the same retrieval as the offline responder found (fused sentence-model and BM25 ranking, none
 * when the pack has no answer) with their ids, and the tenant's specialisation exemplars; cited ids map back to
 * passage citations. The tenant's CRM and ERP lookups are offered as tools and run here, for the tenant of the token
 * only, whatever the model asks. The tool loop is bounded: the last round forbids tools so the model must answer. The SDK retries 408/409/429/5xx
 * (529 overloaded included) with backoff; what still fails is a 502, a timeout a 504.
 */
public final class ClaudeResponder implements Responder {

    static final String CRM_TOOL = "get_crm_records";
    static final String ERP_TOOL = "get_erp_records";
    static final int MAX_EXEMPLARS = 20;
    static final int MAX_EXEMPLAR_CHARS = 1_500;

    private static final List<ToolUnion> TOOLS = List.of(
            ToolUnion.ofTool(Tool.builder()
                    .name(CRM_TOOL)
                    .description("Looks up this organisation's own CRM (Salesforce) records: its account and its open "
                            + "support cases. Use it for questions about 'our cases', tickets or the account.")
                    .inputSchema(Tool.InputSchema.builder()
                            .properties(Tool.InputSchema.Properties.builder().build())
                            .build())
                    .build()),
            ToolUnion.ofTool(Tool.builder()
                    .name(ERP_TOOL)
                    .description("Looks up this organisation's own ERP (SAP) records: materials with stock quantities "
                            + "and purchase orders. Use it for questions about stock, inventory, materials, suppliers "
                            + "or purchase orders.")
                    .inputSchema(Tool.InputSchema.builder()
                            .properties(Tool.InputSchema.Properties.builder()
                                    .putAdditionalProperty("kind", JsonValue.from(Map.of(
                                            "type", "string",
                                            "enum", List.of("materials", "purchase_orders", "all"),
                                            "description", "Which records to return; all when unsure")))
                                    .build())
                            .build())
                    .build()));

    private final AnthropicClient client;
    /** The real system that answers ({@code source} of a reply that rests on no sample data). */
    static final String PROVIDER = "anthropic";

    private final String model;
    private final long maxTokens;
    private final Duration attemptTimeout;
    private final Duration deadline;
    private final int maxToolRounds;
    private final TenantRecords records;

    public ClaudeResponder(AnthropicClient client, String model, long maxTokens, Duration attemptTimeout,
            Duration deadline, int maxToolRounds, TenantRecords records) {
        this.client = client;
        this.model = model;
        this.maxTokens = maxTokens;
        this.attemptTimeout = attemptTimeout;
        this.deadline = deadline;
        this.maxToolRounds = maxToolRounds;
        this.records = records;
    }

    @Override
    public Answer answer(Question question) {
        long started = System.nanoTime();
        String system = systemPrompt(question);
        List<MessageParam> messages = new ArrayList<>();
        for (Turn turn : question.history()) {
            messages.add(MessageParam.ofUser(turn.message()));
            messages.add(MessageParam.ofAssistant(turn.reply()));
        }
        messages.add(MessageParam.ofUser(question.message()));
        List<Citation> recordCitations = new ArrayList<>();
        long inputTokens = 0;
        long outputTokens = 0;
        for (int round = 0; ; round++) {
            boolean lastRound = round == maxToolRounds;
            MessageCreateParams.Builder params = MessageCreateParams.builder()
                    .model(model)
                    .maxTokens(maxTokens)
                    .system(system)
                    .messages(List.copyOf(messages))
                    .tools(TOOLS);
            if (lastRound) {
                params.toolChoice(ToolChoiceNone.builder().build());
            }
            Message response = call(params.build(), started);
            inputTokens += response.usage().inputTokens();
            outputTokens += response.usage().outputTokens();
            List<ToolUseBlock> toolUses = response.content().stream().filter(ContentBlock::isToolUse)
                    .map(ContentBlock::asToolUse).toList();
            boolean wantsTools = response.stopReason().map(StopReason.TOOL_USE::equals).orElse(false);
            if (wantsTools && !toolUses.isEmpty() && !lastRound) {
                messages.add(response.toParam());
                List<ContentBlockParam> results = toolUses.stream()
                        .map(use -> ContentBlockParam.ofToolResult(runTool(question.tenantId(), use, recordCitations)))
                        .toList();
                messages.add(MessageParam.ofUserOfContentBlockParams(results));
                continue;
            }
            String reply = response.content().stream().filter(ContentBlock::isText).map(ContentBlock::asText)
                    .map(TextBlock::text).collect(Collectors.joining("\n\n")).strip();
            if (reply.isEmpty()) {
                throw ApiException.upstream("the model returned no text", null);
            }
            List<Citation> citations = new ArrayList<>(citedPassages(reply, question.passages()));
            citations.addAll(recordCitations);
            question.specialisation().filter(s -> s.exemplars() != null && !s.exemplars().isEmpty())
                    .ifPresent(s -> citations.add(Citation.specialisation("Specialisation " + s.modelId() + " (version "
                            + s.version() + ")", s.modelId(),
                            s.exemplars().size() + " published examples were given to the model")));
            String answeredBy = response.model().asString();
            boolean sample = citations.stream().anyMatch(Citation::mockMode);
            return new Answer(reply, List.copyOf(citations), answeredBy, false,
                    new TokenUsage(inputTokens, outputTokens), answeredBy, sample ? Answer.SAMPLE : PROVIDER);
        }
    }

    private Message call(MessageCreateParams params, long started) {
        Duration left = deadline.minusNanos(System.nanoTime() - started);
        if (left.toMillis() < 500) {
            throw ApiException.upstreamTimeout("the model did not answer in time", null);
        }
        Duration timeout = left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout;
        try {
            return client.messages().create(params, RequestOptions.builder()
                    .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout).request(timeout).build())
                    .build());
        }
        catch (AnthropicServiceException e) {
            throw ApiException.upstream("the model provider answered " + e.statusCode(), e);
        }
        catch (AnthropicException e) {
            if (causedByTimeout(e)) {
                throw ApiException.upstreamTimeout("the model did not answer in time", e);
            }
            throw ApiException.upstream("the model provider could not be reached", e);
        }
    }

    private static boolean causedByTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Runs one tool for the token's tenant; a tenant without data gets an error result, not another's records. */
    private ToolResultBlockParam runTool(String tenantId, ToolUseBlock use, List<Citation> citations) {
        ToolResultBlockParam.Builder result = ToolResultBlockParam.builder().toolUseId(use.id());
        try {
            String content = switch (use.name()) {
                case CRM_TOOL -> crm(tenantId, citations);
                case ERP_TOOL -> erp(tenantId, kind(use), citations);
                default -> null;
            };
            if (content == null) {
                return result.content("unknown tool " + use.name()).isError(true).build();
            }
            return result.content(content).build();
        }
        catch (ApiException e) {
            return result.content(e.code() + ": " + e.getMessage()).isError(true).build();
        }
    }

    private String crm(String tenantId, List<Citation> citations) {
        SalesforceView view = records.salesforce(tenantId);
        if (view.openCases() != null) {
            for (SalesforceView.SupportCase c : view.openCases()) {
                citations.add(Citation.record(Citation.CRM, "Salesforce case " + c.caseId(), view.source(),
                        view.mockMode(), c.subject() + " (" + c.status() + ", " + c.priority() + " priority)"));
            }
        }
        return Json.write(view);
    }

    private String erp(String tenantId, String kind, List<Citation> citations) {
        SapView view = records.sap(tenantId);
        boolean materials = !"purchase_orders".equals(kind);
        boolean orders = !"materials".equals(kind);
        SapView shown = new SapView(materials ? view.materials() : List.of(), orders ? view.purchaseOrders() : List.of(),
                view.mockMode(), view.source(), view.syncedAt(), view.stale());
        if (shown.materials() != null) {
            shown.materials().forEach(m -> citations.add(Citation.record(Citation.ERP, "SAP material " + m.materialId(),
                    view.source(), view.mockMode(), m.description() + ": " + m.stockQuantity() + " " + m.unit())));
        }
        if (shown.purchaseOrders() != null) {
            shown.purchaseOrders().forEach(o -> citations.add(Citation.record(Citation.ERP, "SAP purchase order " + o.poId(),
                    view.source(), view.mockMode(), o.vendorName() + ", " + o.totalAmount() + ", " + o.status())));
        }
        return Json.write(shown);
    }

    private static String kind(ToolUseBlock use) {
        try {
            Object kind = use._input().convert(Map.class).get("kind");
            return kind instanceof String s ? s : "all";
        }
        catch (RuntimeException e) {
            return "all";
        }
    }

    /** The provided passages the reply refers to by {@code [id]}, in the order it first mentions them. */
    static List<Citation> citedPassages(String reply, List<Hit> passages) {
        return passages.stream()
                .filter(hit -> reply.contains("[" + hit.passage().id() + "]"))
                .sorted(Comparator.comparingInt(hit -> reply.indexOf("[" + hit.passage().id() + "]")))
                .map(hit -> Citation.passage(hit.passage(), OfflineResponder.excerpt(hit.passage().text())))
                .toList();
    }

    static String systemPrompt(Question question) {
        var plug = question.plug();
        var persona = plug.persona();
        StringBuilder prompt = new StringBuilder();
        prompt.append("You are ").append(plug.name()).append(", a subject-matter-expert assistant of SME-Plug.\n");
        if (persona != null) {
            prompt.append("Scope: ").append(persona.scope()).append('\n');
            prompt.append("Tone: ").append(persona.tone()).append('\n');
            prompt.append("You refuse: ").append(persona.refuses()).append('\n');
            prompt.append("End every answer on the subject with this disclaimer: ").append(persona.disclaimer()).append('\n');
        }
        prompt.append("\nGround your answers in the knowledge passages below and cite each passage you use by its id in "
                + "square brackets, for example [").append(question.passages().isEmpty() ? "passage-id"
                : question.passages().get(0).passage().id()).append("]. If the passages do not cover the question, "
                + "say so rather than guessing.\n");
        if (question.passages().isEmpty()) {
            // the same retrieval as offline found no passage that answers: the model must not fill the gap itself
            prompt.append("The knowledge pack has no passage that answers this message. Unless it asks about the "
                    + "organisation's own records, say that the ").append(plug.name()).append(" knowledge pack has no "
                    + "answer to it and what the plug covers; cite nothing and do not answer from general knowledge.\n");
        }
        prompt.append("For questions about the organisation's own CRM cases or account, call ").append(CRM_TOOL)
                .append("; for its stock, materials or purchase orders, call ").append(ERP_TOOL)
                .append(". Never invent records. If a tool reports sample data (mock_mode true), say the figures are "
                        + "sample data.\n");
        prompt.append("\n<passages>\n");
        for (Hit hit : question.passages()) {
            var p = hit.passage();
            prompt.append("<passage id=\"").append(p.id()).append("\" title=\"").append(p.title())
                    .append("\" source=\"").append(p.source()).append("\">\n").append(p.text()).append("\n</passage>\n");
        }
        prompt.append("</passages>\n");
        question.specialisation().ifPresent(s -> appendSpecialisation(prompt, s));
        return prompt.toString();
    }

    private static void appendSpecialisation(StringBuilder prompt, Specialisation specialisation) {
        if (specialisation.exemplars() == null || specialisation.exemplars().isEmpty()) {
            return;
        }
        prompt.append("\nThis organisation has published example answers (specialisation ")
                .append(specialisation.modelId()).append("). When a question matches one, answer as the example does.\n")
                .append("<examples>\n");
        specialisation.exemplars().stream().limit(MAX_EXEMPLARS).forEach(e -> prompt
                .append("<example>\n<question>").append(clip(e.prompt())).append("</question>\n<answer>")
                .append(clip(e.completion())).append("</answer>\n</example>\n"));
        prompt.append("</examples>\n");
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_EXEMPLAR_CHARS ? text : text.substring(0, MAX_EXEMPLAR_CHARS) + "...";
    }
}
