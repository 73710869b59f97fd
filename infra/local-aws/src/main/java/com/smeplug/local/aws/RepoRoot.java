package com.smeplug.local.aws;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root (where template.yaml lives), from a system property or by walking up from here. */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        String configured = System.getProperty("smeplug.repo.root");
        if (configured != null && Files.exists(Path.of(configured, "template.yaml"))) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("infra"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the SME-Plug checkout (template.yaml) above " + Path.of("").toAbsolutePath());
    }
}
