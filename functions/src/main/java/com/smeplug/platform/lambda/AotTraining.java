package com.smeplug.platform.lambda;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The training run of a Java 25 AOT cache: starts each function named on the command line (or the one
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} names) through the Lambda handler and feeds it its own SnapStart probe
 * events ({@link PrimingFunctionInvoker#prime(int)}, {@link ProbeEvents}), which take the success path of the routes
 * that declare a probe and never write. Run it as the deployed JVM will
 * run, same JVM, same class path, same options, plus {@code -XX:AOTCacheOutput=<file>}; the JVM writes the cache when
 * this exits: the classes the functions loaded and linked, and the method profiles of the probe requests.
 *
 * <pre>java -XX:AOTCacheOutput=functions.aot -cp 'lib/*' com.smeplug.platform.lambda.AotTraining plugs usage chat</pre>
 *
 * <p>{@code smeplug.training.passes} (system property) sets the passes per function (default 100). Prints one line
 * per function with its probe answers by status; exits 1 if a function answered a probe with a 5xx (a training run
 * that only met failures would teach the cache the failure path).
 */
public final class AotTraining {

    private static final int DEFAULT_PASSES = 100;

    private AotTraining() {
    }

    public static void main(String[] args) {
        List<String> functions = args.length > 0 ? Arrays.asList(args)
                : List.of(System.getenv().getOrDefault("SPRING_CLOUD_FUNCTION_DEFINITION", ""));
        if (functions.contains("")) {
            System.err.println("usage: AotTraining <function>... (or set SPRING_CLOUD_FUNCTION_DEFINITION)");
            System.exit(2);
        }
        int passes = Integer.getInteger("smeplug.training.passes", DEFAULT_PASSES);
        boolean failed = false;
        for (String function : functions) {
            Map<Integer, Integer> statuses = new PrimingFunctionInvoker(function).prime(passes);
            System.out.println("TRAINED " + function + " " + statuses);
            failed |= statuses.keySet().stream().anyMatch(status -> status >= 500);
        }
        System.exit(failed ? 1 : 0);
    }
}
