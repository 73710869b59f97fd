package com.smeplug.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(Path.of(args[i + 1]))) {
                invoker.handleRequest(in, out, SyntheticLambdaContext.invocation(definition));
            }
            // written only once answered: a handler that throws leaves no response file (and this JVM exits with 1)
            Files.write(Path.of(args[i + 2]), out.toByteArray());
        }
        System.exit(0);
    }
}
