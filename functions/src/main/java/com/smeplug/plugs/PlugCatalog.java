package com.smeplug.plugs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.http.Json;
import tools.jackson.core.type.TypeReference;

/** The plugs we sell, read once from {@code plugs/catalog.json} in the jar. */
public final class PlugCatalog {

    private final Map<String, Plug> plugs;

    private PlugCatalog(List<Plug> plugs) {
        Map<String, Plug> byId = new LinkedHashMap<>();
        plugs.forEach(plug -> byId.put(plug.plugId(), plug));
        this.plugs = byId;
    }

    public static PlugCatalog load() {
        try (InputStream in = PlugCatalog.class.getResourceAsStream("/plugs/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("plugs/catalog.json is missing from the jar");
            }
            return new PlugCatalog(Json.MAPPER.readValue(in, new TypeReference<List<Plug>>() { }));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Plug> all() {
        return List.copyOf(plugs.values());
    }

    public Optional<Plug> find(String plugId) {
        return Optional.ofNullable(plugId).map(plugs::get);
    }

    public boolean contains(String plugId) {
        return plugs.containsKey(plugId);
    }
}
