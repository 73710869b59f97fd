package com.smeplug.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * This host's native libraries of the sentence model (ONNX Runtime, its JNI binding, DJL's tokenizer), copied out of
 * the libraries' full jars on the test class path: what stands in on a build machine for the linux-aarch64 files the
 * embeddings layer ships in {@code sentence-model/native/linux-aarch64/}.
 */
public final class HostNatives {

    /** Where each library keeps a platform's natives in its jar, by {@code os.arch}: ONNX Runtime, DJL's tokenizers. */
    private static final Map<String, List<String>> IN_JARS = Map.of(
            "amd64", List.of("ai/onnxruntime/native/linux-x64/", "native/lib/linux-x86_64/cpu/"),
            "aarch64", List.of("ai/onnxruntime/native/linux-aarch64/", "native/lib/linux-aarch64/cpu/"));

    private HostNatives() {
    }

    /** Whether the jars hold natives for this host (Linux on x86-64 or arm64). */
    public static boolean available() {
        return System.getProperty("os.name").startsWith("Linux") && IN_JARS.containsKey(System.getProperty("os.arch"));
    }

    /** The platform that is not this host's, of the two the jars serve. */
    public static String otherArch() {
        return System.getProperty("os.arch").equals("aarch64") ? "amd64" : "aarch64";
    }

    /**
     * Copies the natives of {@code arch} into {@code modelDir}/native/linux-{@code arch}/, laid out as the embeddings
     * layer lays out Lambda's; returns that directory.
     */
    public static Path copyInto(Path modelDir, String arch) throws IOException {
        Path dir = Files.createDirectories(modelDir.resolve("native").resolve("linux-" + arch));
        List<String> prefixes = IN_JARS.get(arch);
        copy(prefixes.get(0) + "libonnxruntime.so", dir);
        copy(prefixes.get(0) + "libonnxruntime4j_jni.so", dir);
        copy(prefixes.get(1) + "libtokenizers.so", dir);
        return dir;
    }

    private static void copy(String resource, Path dir) throws IOException {
        try (InputStream in = HostNatives.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the test class path");
            }
            Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
