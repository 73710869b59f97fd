package com.smeplug.platform.lambda;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Extra work for SnapStart priming that no request reaches (chat's reply path, which priming's probe tenant is
 * refused before). A bean registers itself; {@link PrimingFunctionInvoker} runs every registered piece before its
 * priming requests. Held weakly: the beans of a closed context (tests) do not linger here.
 */
public interface PrimingWork {

    /** Runs the work once; must read and write no store. */
    void prime();

    static void register(PrimingWork work) {
        Registry.WORK.add(work);
    }

    static List<PrimingWork> registered() {
        return List.copyOf(Registry.WORK);
    }

    final class Registry {
        private static final Set<PrimingWork> WORK = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

        private Registry() {
        }
    }
}
