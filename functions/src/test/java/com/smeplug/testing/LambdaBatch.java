package com.smeplug.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.platform.lambda.SyntheticLambdaContext;

/**
 * The main of a JVM that answers events of several functions, one after another, each through its own Lambda handler
 * (as {@link LambdaProcess} does for one): arguments are triples of function definition, event file and response
 * file. It needs only the deployment's classes, so a test can run it on exactly a function's deployed class path.
 */
public final class LambdaBatch {

    private LambdaBatch() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, PrimingFunctionInvoker> invokers = new HashMap<>();
        for (int i = 0; i + 2 < args.length; i += 3) {
            String definition = args[i];
            PrimingFunctionInvoker invoker = invokers.computeIfAbsent(definition, PrimingFunctionInvoker::new);
            try (InputStream in = Files.newInputStream(Path.of(args[i + 1]));
                    OutputStream out = Files.newOutputStream(Path.of(args[i + 2]))) {
                invoker.handleRequest(in, out, SyntheticLambdaContext.invocation(definition));
            }
        }
        System.exit(0);
    }
}
