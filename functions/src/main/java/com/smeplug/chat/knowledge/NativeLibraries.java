package com.smeplug.chat.knowledge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Points the sentence model's native libraries at files already on disk, through each library's documented setting,
 * instead of letting it copy its library out of its jar into a temporary directory at every cold start (ONNX Runtime
 * 13.6 MB into a new /tmp/onnxruntime-java* directory, the tokenizer 13.8 MB into DJL's cache). The files are looked
 * for in the model directory's {@code native/linux-<os.arch>/} (the embeddings layer ships
 * {@code native/linux-aarch64/}, what Lambda's arm64 loads), so a host of another platform never loads them and keeps
 * its libraries' default. A library whose file is not there, or whose setting is already given, keeps its default.
 */
final class NativeLibraries {

    /** ONNX Runtime's Java binding: the directory holding libonnxruntime and libonnxruntime4j_jni. */
    static final String ONNX_RUNTIME = "onnxruntime.native.path";
    /**
     * DJL's Hugging Face tokenizers (read from the environment or a property): the library's file. DJL also accepts a
     * directory, but then asks the CPU-only platform for its CUDA architecture and fails on the null (DJL 0.36).
     */
    static final String TOKENIZERS = "RUST_LIBRARY_PATH";

    private NativeLibraries() {
    }

    static void preferFilesIn(Path modelDir) {
        Path dir = platformDir(modelDir);
        pointAt(ONNX_RUNTIME, "onnxruntime", dir, false);
        pointAt(TOKENIZERS, "tokenizers", dir, true);
    }

    /** Where this platform's natives are in a model directory: {@code native/linux-aarch64} on Lambda's arm64. */
    static Path platformDir(Path modelDir) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(" ", "");
        return modelDir.resolve("native").resolve(os + "-" + System.getProperty("os.arch"));
    }

    private static void pointAt(String setting, String library, Path dir, boolean toFile) {
        Path file = dir.toAbsolutePath().resolve(System.mapLibraryName(library));
        boolean given = System.getProperty(setting) != null || System.getenv(setting) != null;
        if (!given && Files.isRegularFile(file)) {
            System.setProperty(setting, (toFile ? file : file.getParent()).toString());
        }
    }
}
