package com.smeplug.finetune;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The base of both fine-tune methods: who does the work (name, {@code source}; mock mode follows from it) and the
 * steps, declared once as data (name, share of progress, work), from which the plan and the dispatch of a step message
 * follow.
 *
 * @param <M> the method itself, whose step work the steps name
 */
abstract class StepsMethod<M extends StepsMethod<M>> implements FinetuneMethod {

    /** One step: its name, the share of progress its work is worth, and the work. */
    record Step<M>(String name, int weight, BiFunction<M, StepContext, StepOutcome> work) {
    }

    private final String name;
    private final String source;
    private final List<Step<M>> steps;
    private final List<PlannedStep> plan;

    StepsMethod(String name, String source, List<Step<M>> steps) {
        this.name = name;
        this.source = source;
        this.steps = List.copyOf(steps);
        this.plan = steps.stream().map(step -> new PlannedStep(step.name(), step.weight())).toList();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final List<PlannedStep> plan() {
        return plan;
    }

    @Override
    public final StepOutcome run(StepContext context) {
        for (Step<M> step : steps) {
            if (step.name().equals(context.step())) {
                return step.work().apply(self(), context);
            }
        }
        throw new StepFailure("unknown step " + context.step() + " for " + name);
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }
}
