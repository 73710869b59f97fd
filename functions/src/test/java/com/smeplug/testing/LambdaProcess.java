package com.smeplug.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.platform.lambda.SyntheticLambdaContext;

/**
 * One function in a JVM of its own, as a Lambda instance is: started cold through the Lambda handler, fed events,
 * everything it prints captured. What a test JVM prints at start-up (its logging is long configured) says nothing
 * about what a cold Lambda prints; this does.
 */
public final class LambdaProcess {

    public record Output(List<String> stdout, List<String> responses) {
    }

    /** Starts {@code definition} with {@code variables} as its system properties and invokes it with each event. */
    public static Output run(Map<String, String> variables, String definition, Path... events) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("lambda-process");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            variables.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(LambdaProcess.class.getName());
            command.add(definition);
            List<Path> responses = new ArrayList<>();
            for (int i = 0; i < events.length; i++) {
                responses.add(dir.resolve("response-" + i + ".json"));
                command.add(events[i].toString());
                command.add(responses.get(i).toString());
            }
            Path stdout = dir.resolve("stdout.txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(definition + " did not finish in 90 s: " + Files.readString(stdout));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(definition + " exited with " + process.exitValue() + ": " + Files.readString(stdout));
            }
            List<String> answers = new ArrayList<>();
            for (Path response : responses) {
                answers.add(Files.readString(response));
            }
            return new Output(Files.readAllLines(stdout, StandardCharsets.UTF_8), answers);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // a temporary directory left behind costs nothing but disk
        }
    }

    /** {@code definition}, then pairs of event file and response file. */
    public static void main(String[] args) throws IOException {
        PrimingFunctionInvoker invoker = new PrimingFunctionInvoker(args[0]);
        for (int i = 1; i + 1 < args.length; i += 2) {
            try (InputStream in = Files.newInputStream(Path.of(args[i])); OutputStream out = Files.newOutputStream(Path.of(args[i + 1]))) {
                invoker.handleRequest(in, out, SyntheticLambdaContext.invocation(args[0]));
            }
        }
        System.exit(0);
    }
}
