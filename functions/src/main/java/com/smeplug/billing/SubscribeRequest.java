package com.smeplug.billing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.PlugCatalog;

/** The body of {@code POST /billing/subscribe}, and its validation: every failure is a 400 naming the field. */
record SubscribeRequest(String plan, List<String> plugIds, String successUrl, String cancelUrl) {

    static final int MAX_URL_LENGTH = 2048;

    /** A validated request: the plan resolved, plug ids known, distinct and within the plan's limit. */
    public record Valid(Plan plan, List<String> plugIds, String successUrl, String cancelUrl) {
    }

    public Valid validate(Plans plans, PlugCatalog catalog) {
        Plan resolved = plans.find(plan).orElseThrow(() -> ApiException.invalid(
                "plan must be one of " + String.join(", ", Plans.NAMES)
                        + (plan == null ? " (it is missing)" : ", was '" + echo(plan) + "'")));
        if (plugIds == null || plugIds.isEmpty()) {
            throw ApiException.invalid("plug_ids must list at least one plug");
        }
        Set<String> seen = new HashSet<>();
        for (String plugId : plugIds) {
            if (plugId == null || !catalog.contains(plugId)) {
                throw ApiException.invalid("plug_ids: unknown plug '" + echo(plugId) + "'; known plugs are "
                        + String.join(", ", catalog.all().stream().map(p -> p.plugId()).toList()));
            }
            if (!seen.add(plugId)) {
                throw ApiException.invalid("plug_ids: '" + echo(plugId) + "' is listed more than once");
            }
        }
        if (plugIds.size() > resolved.plugLimit()) {
            throw ApiException.invalid("plug_ids: plan " + resolved.name() + " allows at most " + resolved.plugLimit()
                    + (resolved.plugLimit() == 1 ? " plug" : " plugs") + ", got " + plugIds.size());
        }
        return new Valid(resolved, List.copyOf(plugIds), url("success_url", successUrl), url("cancel_url", cancelUrl));
    }

    static String url(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field + " is required (an absolute http or https URL)");
        }
        if (value.length() > MAX_URL_LENGTH) {
            throw ApiException.invalid(field + " is longer than " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getHost().isBlank()) {
                throw ApiException.invalid(field + " must be an absolute http or https URL, was '" + echo(value) + "'");
            }
            return value;
        }
        catch (URISyntaxException e) {
            throw ApiException.invalid(field + " must be an absolute http or https URL, was '" + echo(value) + "'");
        }
    }

    /** Input quoted back in a message, cut short so an error never carries a whole oversized value. */
    private static String echo(String value) {
        return value == null || value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
