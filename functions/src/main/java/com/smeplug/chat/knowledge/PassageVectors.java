package com.smeplug.chat.knowledge;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passages' sentence vectors, and those of their "asked as" wordings ({@link Passage#askedAs}), computed at build
 * time ({@link #main}, run by Maven after compiling) into {@value #RESOURCE}, so a container embeds only the
 * questions it is asked. Each vector is keyed by its passage's id (an asked-as wording's by its place among the
 * passage's wordings) and a digest of the passage's text and wordings: a passage whose text or wordings changed, or one
 * the file lacks (test packs), is embedded at start-up instead, so a stale file can never pair a passage with another
 * text's vector.
 */
public final class PassageVectors {

    private static final Logger log = LoggerFactory.getLogger(PassageVectors.class);

    static final String RESOURCE = "/chat/passage-vectors.bin";
    private static final int MAGIC = 0x50564543; // "PVEC"

    private PassageVectors() {
    }

    /** The text a passage is embedded from: its title carries the topic in the words users also use. */
    static String embeddedText(Passage passage) {
        return passage.title() + ". " + passage.text();
    }

    /** The vectors of a set of passages: by passage id, and each passage's asked-as vectors in its wordings' order. */
    record Vectors(Map<String, float[]> passages, Map<String, List<float[]>> asked) {
    }

    /** A vector for every passage: from the build-time file when it matches, else embedded now. */
    static Map<String, float[]> of(List<Passage> passages, SentenceModel model) {
        return load(passages, model).passages();
    }

    /** Every passage's vector and its asked-as wordings' vectors: from the build-time file when they match, else now. */
    static Vectors load(List<Passage> passages, SentenceModel model) {
        Map<String, float[]> stored = read();
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, List<float[]>> asked = new HashMap<>();
        int embedded = 0;
        for (Passage passage : passages) {
            String digest = digest(passage);
            float[] vector = stored.get(key(passage, digest));
            if (vector == null) {
                vector = model.embed(embeddedText(passage));
                embedded++;
            }
            vectors.put(passage.id(), vector);
            List<float[]> wordings = new ArrayList<>();
            for (int i = 0; i < passage.askedAs().size(); i++) {
                float[] wordingVector = stored.get(askedKey(passage, i, digest));
                if (wordingVector == null) {
                    wordingVector = model.embed(passage.askedAs().get(i));
                    embedded++;
                }
                wordings.add(wordingVector);
            }
            asked.put(passage.id(), List.copyOf(wordings));
        }
        if (embedded > 0) {
            log.info("embedded {} passages and asked-as wordings at start-up (not in {})", embedded, RESOURCE);
        }
        return new Vectors(vectors, asked);
    }

    private static String key(Passage passage, String digest) {
        return passage.id() + ":" + digest + ":" + SentenceModel.NAME;
    }

    /** An asked-as wording is embedded as written: it is worded like the questions it should meet. */
    private static String askedKey(Passage passage, int index, String digest) {
        return passage.id() + "~asked" + index + ":" + digest + ":" + SentenceModel.NAME;
    }

    /**
     * One digest per passage, of its embedded text and its wordings together: a change to either re-embeds the
     * passage's vectors, and start-up hashes 220 strings rather than one per wording as well.
     */
    private static String digest(Passage passage) {
        String text = embeddedText(passage) + "\n" + String.join("\n", passage.askedAs());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, float[]> read() {
        Map<String, float[]> vectors = new HashMap<>();
        try (InputStream resource = PassageVectors.class.getResourceAsStream(RESOURCE)) {
            if (resource == null) {
                return vectors;
            }
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(resource));
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException(RESOURCE + " is not a passage vector file");
            }
            int count = in.readInt();
            int dimensions = in.readInt();
            byte[] bytes = new byte[dimensions * Float.BYTES];
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                in.readFully(bytes);
                float[] vector = new float[dimensions];
                ByteBuffer.wrap(bytes).asFloatBuffer().get(vector); // big-endian, as DataOutputStream wrote it
                vectors.put(key, vector);
            }
            return vectors;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(List<Passage> passages, SentenceModel model, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(target));
        Map<String, String> texts = new LinkedHashMap<>();
        for (Passage passage : passages) {
            String digest = digest(passage);
            texts.put(key(passage, digest), embeddedText(passage));
            for (int i = 0; i < passage.askedAs().size(); i++) {
                texts.put(askedKey(passage, i, digest), passage.askedAs().get(i));
            }
        }
        out.writeInt(MAGIC);
        out.writeInt(texts.size());
        List<float[]> vectors = texts.values().stream().map(model::embed).toList();
        out.writeInt(vectors.isEmpty() ? 0 : vectors.get(0).length);
        int i = 0;
        for (String key : texts.keySet()) {
            out.writeUTF(key);
            for (float v : vectors.get(i++)) {
                out.writeFloat(v);
            }
        }
        out.flush();
    }

    /** Build step: {@code PassageVectors <classes directory> <plug id>...} writes the file next to the classes. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0], RESOURCE.substring(1));
        Files.createDirectories(file.getParent());
        List<Passage> passages = KnowledgePacks.load(List.of(args).subList(1, args.length));
        try (OutputStream out = Files.newOutputStream(file)) {
            write(passages, SentenceModel.load(), out);
        }
        System.out.println("wrote the vectors of " + passages.size() + " passages and "
                + passages.stream().mapToInt(p -> p.askedAs().size()).sum() + " asked-as wordings to " + file);
    }
}
