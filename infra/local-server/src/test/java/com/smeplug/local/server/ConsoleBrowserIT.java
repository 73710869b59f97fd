package com.smeplug.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.smeplug.local.aws.RepoRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: Debian's chromium (installed by infra/console-e2e/install-chromium when
 * missing) driven by playwright-core (pinned in infra/local, installed by the build) through
 * infra/console-e2e/console.spec.mjs, against the whole local stack over HTTP. Screenshots of every page go to
 * infra/local-server/target/console-screenshots/. Skipped, saying why, only when chromium cannot be installed.
 */
class ConsoleBrowserIT {

    static final Path ROOT = RepoRoot.find();
    static final Path TARGET = ROOT.resolve("infra/local-server/target");
    static final Path SCREENSHOTS = TARGET.resolve("console-screenshots");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /**
     * Fine-tune steps back to back instead of minutes apart; a starter quota of one question so the page's "quota
     * reached" message can be seen after two questions.
     */
    static final Map<String, String> OVERRIDES = Map.of("STEP_DELAY_SECONDS", "0", "PLAN_STARTER_QUERY_QUOTA", "1");

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        ensureChromium();
        stack = LocalStack.start(0, 0, 0, 0, OVERRIDES);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        // The local stack hands variables to its functions as system properties: these must not reach the next class.
        OVERRIDES.keySet().forEach(System::clearProperty);
    }

    @Test
    void a_tenant_signs_in_chats_sees_its_records_usage_billing_and_a_fine_tune_reach_100_and_nothing_of_others_and_a_new_business_signs_up_and_invites_a_member()
            throws Exception {
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        Path log = TARGET.resolve("console-e2e.log");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", ROOT.resolve("infra/console-e2e/console.spec.mjs").toString()))
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("BASE_URL", "http://127.0.0.1:" + stack.apiPort());
        builder.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process node = builder.start();
        node.getOutputStream().close();
        boolean finished = node.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);

        assertThat(finished).as("the browser test finished within 6 minutes:%n%s", output).isTrue();
        assertThat(node.exitValue()).as("browser test output:%n%s", output).isZero();
        try (var shots = Files.list(SCREENSHOTS)) {
            assertThat(shots.map(p -> p.getFileName().toString()).toList())
                    .contains("01-sign-in.png", "02-chat.png", "03-usage.png", "04-integrations.png", "05-billing.png",
                            "06-finetune.png", "10-other-tenant-integrations.png", "11-billing-after-subscribe.png",
                            "12-quota-reached.png", "13-signed-out-after-401.png", "20-first-run.png", "21-members-invite.png",
                            "22-member-members-page.png", "23-member-settings.png");
        }
    }

    private static void ensureChromium() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        Files.createDirectories(TARGET);
        Path log = TARGET.resolve("install-chromium.log");
        Process install = new ProcessBuilder(List.of("bash", ROOT.resolve("infra/console-e2e/install-chromium").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        install.getOutputStream().close();
        boolean finished = install.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            install.descendants().forEach(ProcessHandle::destroyForcibly);
            install.destroyForcibly();
        }
        if (!finished || install.exitValue() != 0 || !Files.isExecutable(CHROMIUM)) {
            abort("SKIPPED: the console's browser test needs Debian's chromium at " + CHROMIUM
                    + ", and infra/console-e2e/install-chromium could not install it (" + (finished ? "exit " + install.exitValue()
                    : "timed out after 10 minutes") + "): " + Files.readString(log).strip());
        }
    }
}
