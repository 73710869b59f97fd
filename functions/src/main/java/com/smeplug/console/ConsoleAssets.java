package com.smeplug.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The console's static files, read once from {@code console/} in the jar into memory. A request names a file by its
 * path relative to that folder and gets it only if it is one of the files read here: lookups are exact map keys, so
 * no path a client sends ({@code ..}, encoded slashes, absolute paths) can reach anything else on the classpath.
 */
final class ConsoleAssets {

    /** The only kinds of file the console is made of; anything else in the folder is not served. */
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml; charset=utf-8",
            "txt", "text/plain; charset=utf-8");

    public record Asset(String name, String text, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    public static ConsoleAssets load() {
        return load("console");
    }

    static ConsoleAssets load(String folder) {
        var resolver = new PathMatchingResourcePatternResolver(ConsoleAssets.class.getClassLoader());
        try {
            String base = resolver.getResource("classpath:" + folder + "/").getURL().toString();
            Map<String, Asset> assets = new LinkedHashMap<>();
            for (Resource resource : resolver.getResources("classpath:" + folder + "/**/*.*")) {
                if (!resource.isReadable()) {
                    continue;
                }
                String url = resource.getURL().toString();
                if (!url.startsWith(base)) {
                    continue;
                }
                String name = url.substring(base.length());
                String type = CONTENT_TYPES.get(extension(name));
                if (type == null) {
                    continue;
                }
                try (InputStream in = resource.getInputStream()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assets.put(name, new Asset(name, text, type, etag(text)));
                }
            }
            if (!assets.containsKey("index.html")) {
                throw new IllegalStateException(folder + "/index.html is missing from the jar");
            }
            return new ConsoleAssets(assets);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's files from the jar", e);
        }
    }

    public Optional<Asset> find(String name) {
        return Optional.ofNullable(name).map(assets::get);
    }

    public Asset index() {
        return assets.get("index.html");
    }

    public java.util.Set<String> names() {
        return assets.keySet();
    }

    static String etag(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
