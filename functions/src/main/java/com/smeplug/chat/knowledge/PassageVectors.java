package com.smeplug.chat.knowledge;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passages' sentence vectors, computed at build time ({@link #main}, run by Maven after compiling) into
 * {@value #RESOURCE}, so a container embeds only the questions it is asked. Each vector is keyed by its passage's
 * id and a digest of the text it was computed from: a passage whose text changed, or one the file lacks (test packs),
 * is embedded at start-up instead, so a stale file can never pair a passage with another text's vector.
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

    /** A vector for every passage: from the build-time file when it matches, else embedded now. */
    static Map<String, float[]> of(List<Passage> passages, SentenceModel model) {
        Map<String, float[]> stored = read();
        Map<String, float[]> vectors = new HashMap<>();
        int embedded = 0;
        for (Passage passage : passages) {
            float[] vector = stored.get(key(passage));
            if (vector == null) {
                vector = model.embed(embeddedText(passage));
                embedded++;
            }
            vectors.put(passage.id(), vector);
        }
        if (embedded > 0) {
            log.info("embedded {} of {} passages at start-up (not in {})", embedded, passages.size(), RESOURCE);
        }
        return vectors;
    }

    private static String key(Passage passage) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(embeddedText(passage).getBytes(StandardCharsets.UTF_8));
            return passage.id() + ":" + HexFormat.of().formatHex(digest, 0, 12) + ":" + SentenceModel.NAME;
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
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                float[] vector = new float[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    vector[d] = in.readFloat();
                }
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
        out.writeInt(MAGIC);
        out.writeInt(passages.size());
        float[][] vectors = passages.stream().map(p -> model.embed(embeddedText(p))).toArray(float[][]::new);
        out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
        for (int i = 0; i < passages.size(); i++) {
            out.writeUTF(key(passages.get(i)));
            for (float v : vectors[i]) {
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
        System.out.println("wrote " + passages.size() + " passage vectors to " + file);
    }
}
