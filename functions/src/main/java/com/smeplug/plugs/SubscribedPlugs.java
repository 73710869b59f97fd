package com.smeplug.plugs;

import java.util.List;
import java.util.Optional;

/**
 * Plugs' port for what a tenant's subscription says about the catalogue. Billing implements it, so plugs does not
 * depend on billing (billing depends on plugs for the catalogue it sells).
 */
public interface SubscribedPlugs {

    /** The tenant's current subscription; empty when it has none. */
    Optional<Standing> of(String tenantId);

    /**
     * A subscription as the catalogue shows it: its plan and status, and the plugs it gives the tenant now (none unless
     * it is active).
     */
    record Standing(String plan, String status, List<String> plugIds) {

        public Standing {
            plugIds = List.copyOf(plugIds);
        }
    }
}
