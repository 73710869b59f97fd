package com.smeplug.local.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A DynamoDB-protocol server: dynalite (pinned in infra/local/package-lock.json) in a child node process, in memory,
 * on a loopback port. Stopping it (or the JVM exiting) ends the process.
 */
public final class DynaliteServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private DynaliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static DynaliteServer start() {
        return start("127.0.0.1", FreePort.pick());
    }

    /** On a fixed port (the local stack's :8000), listening where {@link BindAddress} says. */
    public static DynaliteServer start(int port) {
        return start(BindAddress.forFixedPorts(), port);
    }

    private static DynaliteServer start(String host, int port) {
        Path cli = RepoRoot.find().resolve("infra/local/node_modules/dynalite/cli.js");
        if (!Files.exists(cli)) {
            throw new IllegalStateException(cli + " is missing: run 'npm ci' in infra/local (mvn does it in generate-resources)");
        }
        try {
            Process process = new ProcessBuilder(List.of("node", cli.toString(), "--host", host,
                    "--port", Integer.toString(port), "--createTableMs", "50", "--deleteTableMs", "50",
                    "--updateTableMs", "50"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            DynaliteServer server = new DynaliteServer(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            FreePort.awaitAccepting(port, Duration.ofSeconds(20), process);
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start node for dynalite", e);
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server abruptly, as a crashed or unreachable DynamoDB would look to a client. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
