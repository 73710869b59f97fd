package com.smeplug.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.local.aws.SamTemplate;

/**
 * What each function deploys, as template.yaml says: the one function zip every function runs (built by mvn package)
 * and the layers attached to it (each a zip whose {@code java/lib} Lambda adds to the class path).
 */
public final class DeployedPackages {

    public static final Path BASE_ZIP = RepoRoot.find().resolve("functions/target/sme-plug-lambda.zip");

    private DeployedPackages() {
    }

    /** Every function's definition and the zips of its layers, in template order. */
    public static Map<String, List<Path>> layersByFunction() {
        SamTemplate template = SamTemplate.load();
        Map<String, Object> resources = template.resources();
        Map<String, Object> globals = map(map(template.resourcesRoot().get("Globals")).get("Function"));
        Map<String, List<Path>> layers = new LinkedHashMap<>();
        for (SamTemplate.FunctionSpec function : template.functions()) {
            List<Path> zips = new ArrayList<>();
            List<Object> refs = new ArrayList<>(list(globals.get("Layers")));
            refs.addAll(list(map(map(resources.get(function.logicalId())).get("Properties")).get("Layers")));
            for (Object ref : refs) {
                String layer = String.valueOf(map(ref).get("Ref"));
                Object contentUri = map(map(resources.get(layer)).get("Properties")).get("ContentUri");
                if (contentUri == null) {
                    throw new IllegalStateException(function.logicalId() + " names layer " + layer + ", which has no ContentUri");
                }
                zips.add(RepoRoot.find().resolve(contentUri.toString()));
            }
            layers.put(function.definition(), List.copyOf(zips));
        }
        return layers;
    }

    /** What a zip takes once unpacked: the sum of its entries' sizes (what Lambda's 250 MB limit counts). */
    public static long unzippedBytes(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return Collections.list(file.entries()).stream().mapToLong(ZipEntry::getSize).sum();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A function's code unpacked: the function zip and every layer it deploys with. */
    public static long unzippedBytes(String definition) {
        return unzippedBytes(BASE_ZIP) + layersByFunction().get(definition).stream().mapToLong(DeployedPackages::unzippedBytes).sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? List.copyOf(l) : List.of();
    }
}
