package com.smeplug.finetune;

import java.util.List;

import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.PlugCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An admin makes a ready version of a plug's specialisation the one chat serves (rollback to an earlier version, or
 * back to a later one). Chat reads the current version on every request, so the next answer uses it.
 */
final class ModelActivation {

    private static final Logger log = LoggerFactory.getLogger(ModelActivation.class);
    private static final int MAX_VERSION_DIGITS = 9;

    private final SpecialisationStore specialisations;
    private final PlugCatalog catalog;

    ModelActivation(SpecialisationStore specialisations, PlugCatalog catalog) {
        this.specialisations = specialisations;
        this.catalog = catalog;
    }

    SpecialisationStore.Version activate(String tenantId, String plugId, String versionText) {
        int version = parse(versionText);
        if (plugId == null || plugId.isBlank()) {
            plugId = onlyPlugWith(tenantId, version).orElseThrow(() -> notFound(null, versionText));
        }
        else if (!catalog.contains(plugId)) {
            throw ApiException.invalid("unknown plug_id (see GET /plugs)");
        }
        String plug = plugId;
        specialisations.version(tenantId, plug, version).filter(SpecialisationStore.Publication::ready)
                .filter(p -> p.specialisation().customModelArn() != null && p.specialisation().deploymentArn() == null)
                .ifPresent(p -> {
                    throw ApiException.conflict("not_deployed", "version " + version + " of the " + plug + " specialisation "
                            + "is a custom model whose deployment was deleted when a newer version replaced it; it cannot "
                            + "be served again without fine-tuning anew");
                });
        SpecialisationStore.Activation activation = specialisations.activate(tenantId, plugId, version)
                .orElseThrow(() -> notFound(plug, versionText));
        log.info("specialisation activated tenant={} plug={} version={} before={}", tenantId, plug, version,
                activation.before().map(p -> p.specialisation().version()).orElse(null));
        return new SpecialisationStore.Version(activation.activated(), true);
    }

    /** Versions are numbered per plug: without {@code plug_id}, the version must name exactly one plug's. */
    private java.util.Optional<String> onlyPlugWith(String tenantId, int version) {
        List<String> plugs = specialisations.versions(tenantId).stream()
                .filter(v -> v.publication().specialisation().version() == version)
                .map(v -> v.publication().specialisation().plugId()).distinct().toList();
        if (plugs.size() > 1) {
            throw ApiException.invalid("version " + version + " exists for several plugs (" + String.join(", ", plugs)
                    + "); name one with ?plug_id=");
        }
        return plugs.stream().findFirst();
    }

    private static int parse(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0," + (MAX_VERSION_DIGITS - 1) + "}")) {
            throw notFound(null, text);
        }
        return Integer.parseInt(text);
    }

    private static ApiException notFound(String plugId, String version) {
        String shown = version == null ? "" : version.length() > 12 ? version.substring(0, 12) + "…" : version;
        return ApiException.notFound("not_found", "no published version " + shown
                + (plugId == null ? "" : " of the " + plugId + " specialisation") + " for this tenant");
    }
}
