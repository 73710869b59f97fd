package com.smeplug.finetune;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;

/**
 * The sample method ({@code USE_REAL_FINETUNE=false}): prompt specialisation computed from the tenant's examples.
 * No model is trained; the result is a small set of exemplars the chat agent puts in front of the plug's prompt.
 * Each step is real work on the examples and is deterministic, so a re-run computes the same result:
 * validate → split (train/hold-out) → select (exemplars) → evaluate (hold-out, answered with the matcher chat serves
 * with, against chat's offline answer without the specialisation) → publish (a new version, not yet served) → complete (that version becomes
 * the one chat serves).
 */
final class PromptSpecialisationMethod extends StepsMethod<PromptSpecialisationMethod> {

    public static final String NAME = "prompt-specialisation";

    private static final List<Step<PromptSpecialisationMethod>> STEPS = List.of(
            new Step<>("validate", 10, PromptSpecialisationMethod::validate),
            new Step<>("split", 10, PromptSpecialisationMethod::split),
            new Step<>("select", 30, PromptSpecialisationMethod::select),
            new Step<>("evaluate", 25, PromptSpecialisationMethod::evaluate),
            new Step<>("publish", 20, PromptSpecialisationMethod::publish),
            new Step<>("complete", 5, PromptSpecialisationMethod::complete));

    /** A citation marker chat puts after a quoted passage or exemplar ("[2]"). */
    private static final Pattern CITATION_MARKER = Pattern.compile("\\[\\d+]");

    private final PlugCatalog catalog;
    private final SpecialisationStore specialisations;
    private final UnspecialisedAnswers unspecialised;
    private final Clock clock;

    /**
     * The un-specialised answers (chat's retrieval: knowledge packs and the sentence model), built on the first
     * evaluation, so the functions that only start, list or cancel jobs never load them.
     */
    static UnspecialisedAnswers whenAsked(Supplier<UnspecialisedAnswers> answers) {
        return (plugId, question) -> answers.get().answer(plugId, question);
    }

    public PromptSpecialisationMethod(PlugCatalog catalog, SpecialisationStore specialisations,
            UnspecialisedAnswers unspecialised, Clock clock) {
        super(NAME, SAMPLE, STEPS);
        this.catalog = catalog;
        this.specialisations = specialisations;
        this.unspecialised = unspecialised;
        this.clock = clock;
    }

    // --- steps -------------------------------------------------------------------------------------------------

    private StepOutcome validate(StepContext context) {
        List<Example> examples = context.examples();
        ExampleRules.check(examples);
        List<Integer> distinct = distinct(examples);
        Set<String> prompts = new HashSet<>();
        long promptWords = 0;
        long completionWords = 0;
        for (int i : distinct) {
            prompts.add(HoldoutSplit.normalise(examples.get(i).prompt()));
            promptWords += TextVectors.tokens(examples.get(i).prompt()).size();
            completionWords += TextVectors.tokens(examples.get(i).completion()).size();
        }
        if (prompts.size() < HoldoutSplit.MIN_HOLDOUT + ExemplarSelection.MIN_EXEMPLARS) {
            return new StepOutcome.Fail("only " + prompts.size() + " distinct prompts",
                    "the examples have only " + prompts.size() + " distinct prompts; at least "
                            + (HoldoutSplit.MIN_HOLDOUT + ExemplarSelection.MIN_EXEMPLARS) + " are needed to hold some out");
        }
        String detail = String.format(Locale.ROOT,
                "%d examples read (%d chunk%s, SHA-256 %s… verified); %d exact duplicate%s dropped; %d distinct prompts; "
                        + "mean %.1f words per prompt, %.1f per completion",
                examples.size(), context.job().exampleChunks(), context.job().exampleChunks() == 1 ? "" : "s",
                context.job().examplesSha256().substring(0, 12), examples.size() - distinct.size(),
                examples.size() - distinct.size() == 1 ? "" : "s", prompts.size(),
                (double) promptWords / distinct.size(), (double) completionWords / distinct.size());
        return new StepOutcome.Done(detail, Map.of("distinct_examples", Integer.toString(distinct.size())));
    }

    private StepOutcome split(StepContext context) {
        List<Example> examples = context.examples();
        HoldoutSplit.Split split = HoldoutSplit.of(examples, distinct(examples));
        if (split.train().size() < ExemplarSelection.MIN_EXEMPLARS) {
            return new StepOutcome.Fail("train " + split.train().size() + " / hold-out " + split.holdout().size(),
                    "too few distinct prompts left to train on after holding out " + split.holdout().size());
        }
        String detail = String.format(Locale.ROOT,
                "train %d / hold-out %d (%d distinct prompts ordered by SHA-256 of the normalised prompt, first %d%% held out; "
                        + "repeated prompts stay on one side); hold-out fingerprint %s",
                split.train().size(), split.holdout().size(), split.distinctPrompts(), HoldoutSplit.HOLDOUT_PERCENT,
                split.fingerprint());
        return new StepOutcome.Done(detail, Map.of(
                "train_count", Integer.toString(split.train().size()),
                "holdout_count", Integer.toString(split.holdout().size()),
                "split_fingerprint", split.fingerprint()));
    }

    private StepOutcome select(StepContext context) {
        List<Example> examples = context.examples();
        HoldoutSplit.Split split = sameSplit(context, examples);
        ExemplarSelection.Selection selection = ExemplarSelection.select(examples, split.train());
        String detail = String.format(Locale.ROOT,
                "selected %d of %d training examples (k-center on TF-IDF of prompt and completion, %d terms: most "
                        + "typical example first, then each example farthest from those chosen; budget %d characters): "
                        + "%s; %d characters; coverage %.3f (mean cosine similarity of a training example to its nearest exemplar)",
                selection.chosen().size(), split.train().size(), selection.vocabulary(), ExemplarSelection.CHAR_BUDGET,
                selection.chosen().stream().map(i -> "examples[" + i + "]").collect(Collectors.joining(", ")),
                selection.characters(), selection.coverage());
        return new StepOutcome.Done(detail, Map.of(
                "exemplars", selection.chosen().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "coverage", String.format(Locale.ROOT, "%.4f", selection.coverage())));
    }

    private StepOutcome evaluate(StepContext context) {
        List<Example> examples = context.examples();
        HoldoutSplit.Split split = sameSplit(context, examples);
        List<Integer> exemplars = exemplars(context.job());
        Plug plug = plug(context.job());

        // scored with the matcher chat serves with: a hold-out prompt no exemplar matches gets the un-specialised answer
        Specialisation candidate = new Specialisation(context.job().tenantId(), context.job().plugId(), null, 0,
                exemplars.stream().map(i -> new Exemplar(examples.get(i).prompt(), examples.get(i).completion())).toList(),
                null, null);
        HoldoutScore score = score(examples, split.holdout(), candidate, plug);
        int n = score.prompts();
        int matched = score.matched();
        int wins = score.wins();
        double specialised = score.specialised();
        double baseline = score.baseline();
        String metric = "metric: mean token-F1 (bag of lower-cased words, articles dropped) against the hold-out reference "
                + "completion; specialised answer = what chat serves: the completion of the exemplar the specialisation's matcher "
                + "picks (Dice of analysed terms >= " + ExemplarMatcher.MATCH_THRESHOLD + "), matched for " + matched + " of "
                + n + " prompts, else the un-specialised answer; "
                + "un-specialised answer = what chat answers offline for the " + plug.plugId() + " plug without the "
                + "specialisation (retrieval over its knowledge pack, extractive reply) for the same prompt; both scored "
                + "without the citation markers and persona disclaimer chat adds to every reply";
        String detail = String.format(Locale.ROOT, "hold-out %d: specialised %.3f vs un-specialised %.3f (%+.3f; better on %d of %d); %s",
                n, specialised, baseline, specialised - baseline, wins, n, metric);
        Map<String, String> outputs = Map.of(
                "f1_specialised", String.format(Locale.ROOT, "%.4f", specialised),
                "f1_baseline", String.format(Locale.ROOT, "%.4f", baseline),
                "holdout_wins", Integer.toString(wins),
                "holdout_matched", Integer.toString(matched));
        if (specialised < baseline) {
            return new StepOutcome.Fail(detail, String.format(Locale.ROOT,
                    "the specialisation answers the hold-out worse than the un-specialised plug (token-F1 %.3f vs %.3f); "
                            + "nothing was published", specialised, baseline));
        }
        if (matched == 0) {
            // no hold-out prompt is close enough to an exemplar: chat would serve them exactly as without it
            detail += "; no hold-out prompt matched an exemplar, so on unseen phrasings chat answers as without the "
                    + "specialisation (it answers questions close to its exemplars)";
        }
        return new StepOutcome.Done(detail, outputs);
    }

    /** Mean token-F1 on the hold-out of what chat serves with {@code candidate} and of what it answers without it. */
    record HoldoutScore(int prompts, int matched, int wins, double specialised, double baseline) {
    }

    /**
     * Each hold-out prompt answered twice, as chat would: with {@code candidate} (its matched exemplar's completion,
     * or the un-specialised answer when no exemplar matches) and without it (the offline answer for the plug).
     */
    HoldoutScore score(List<Example> examples, List<Integer> holdout, Specialisation candidate, Plug plug) {
        double specialised = 0;
        double baseline = 0;
        int wins = 0;
        int matched = 0;
        for (int h : holdout) {
            Example reference = examples.get(h);
            String without = body(unspecialised.answer(plug.plugId(), reference.prompt()), plug);
            var answer = candidate.answerFor(reference.prompt());
            if (answer.isPresent()) {
                matched++;
            }
            double s = TokenF1.f1(answer.map(a -> a.exemplar().completion()).orElse(without), reference.completion());
            double b = TokenF1.f1(without, reference.completion());
            specialised += s;
            baseline += b;
            if (s > b) {
                wins++;
            }
        }
        int n = holdout.size();
        return new HoldoutScore(n, matched, wins, specialised / n, baseline / n);
    }

    private StepOutcome publish(StepContext context) {
        Job job = context.job();
        List<Example> examples = context.examples();
        List<Exemplar> exemplars = exemplars(job).stream()
                .map(i -> new Exemplar(examples.get(i).prompt(), examples.get(i).completion())).toList();
        int version = context.reserveSpecVersion(specialisations);
        String modelId = modelId(job, version);
        Specialisation specialisation = new Specialisation(job.tenantId(), job.plugId(), modelId, version, exemplars, null,
                clock.instant());
        specialisations.writeVersion(new SpecialisationStore.Publication(specialisation, job.jobId(), NAME, Map.of(
                "metric", "mean token-F1 on the hold-out",
                "f1_specialised", job.output("f1_specialised"),
                "f1_baseline", job.output("f1_baseline"),
                "holdout_count", job.output("holdout_count"),
                "train_count", job.output("train_count"))));
        int characters = exemplars.stream().mapToInt(e -> e.prompt().length() + e.completion().length()).sum();
        String detail = String.format(Locale.ROOT,
                "version %d of the %s specialisation written (%s): %d exemplars, %d characters, hold-out token-F1 %s vs %s "
                        + "un-specialised; it becomes the one chat uses when the job completes",
                version, job.plugId(), modelId, exemplars.size(), characters, job.output("f1_specialised"),
                job.output("f1_baseline"));
        return new StepOutcome.Done(detail, Map.of("model_id", modelId, "spec_version", Integer.toString(version)));
    }

    private StepOutcome complete(StepContext context) {
        Job job = context.job();
        int version = Integer.parseInt(job.output("spec_version"));
        SpecialisationStore.Publication publication = specialisations.version(job.tenantId(), job.plugId(), version)
                .orElseThrow(() -> new StepFailure("specialisation version " + version + " is missing"));
        boolean current = specialisations.makeCurrent(publication);
        String detail;
        if (current) {
            detail = "chat now serves version " + version + " (" + publication.specialisation().modelId() + ", " + NAME
                    + ", no deployment: exemplars in front of the base model) of the " + job.plugId()
                    + " specialisation for " + job.tenantId();
        }
        else {
            int newer = specialisations.current(job.tenantId(), job.plugId()).map(p -> p.specialisation().version()).orElse(0);
            detail = "version " + version + " kept as a past version; chat keeps serving version " + newer
                    + ", which was published later";
        }
        return new StepOutcome.Complete(detail, publication.specialisation().modelId(), Map.of());
    }

    // --- shared ------------------------------------------------------------------------------------------------

    static String modelId(Job job, int version) {
        return "spec-" + job.plugId() + "-" + job.tenantId() + "-v" + version;
    }

    /** Indices of the examples without exact duplicates (first occurrence kept). */
    static List<Integer> distinct(List<Example> examples) {
        Set<Example> seen = new HashSet<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (seen.add(examples.get(i))) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static HoldoutSplit.Split sameSplit(StepContext context, List<Example> examples) {
        HoldoutSplit.Split split = HoldoutSplit.of(examples, distinct(examples));
        String recorded = context.job().output("split_fingerprint");
        if (recorded != null && !recorded.equals(split.fingerprint())) {
            throw new StepFailure("the hold-out split changed between steps (" + recorded + " then " + split.fingerprint() + ")");
        }
        return split;
    }

    private static List<Integer> exemplars(Job job) {
        String recorded = job.output("exemplars");
        if (recorded == null || recorded.isBlank()) {
            throw new StepFailure("no exemplars were recorded by the select step");
        }
        return Arrays.stream(recorded.split(",")).map(Integer::valueOf).toList();
    }

    private Plug plug(Job job) {
        return catalog.find(job.plugId()).orElseThrow(() -> new StepFailure("plug " + job.plugId() + " is no longer in the catalogue"));
    }

    /**
     * The words of a chat reply that answer: without its citation markers and the persona's disclaimer, which chat
     * adds to a specialised and an un-specialised reply alike (a specialised reply's words are its exemplar's completion).
     */
    static String body(String reply, Plug plug) {
        String text = reply.strip();
        String disclaimer = plug.persona() == null || plug.persona().disclaimer() == null ? "" : plug.persona().disclaimer().strip();
        if (!disclaimer.isEmpty() && text.endsWith(disclaimer)) {
            text = text.substring(0, text.length() - disclaimer.length()).strip();
        }
        return CITATION_MARKER.matcher(text).replaceAll("").strip();
    }
}
