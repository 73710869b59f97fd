package com.smeplug.integrations.connections;

import com.smeplug.platform.http.ApiException;

/** The answer to a connection route of a system whose real connections this deployment has not switched on. */
final class DisabledConnections {

    private DisabledConnections() {
    }

    static ApiException of(String variable, String system) {
        return new ApiException(409, "real_connections_disabled", "real " + system + " connections are not enabled in"
                + " this deployment (" + variable + "=false); only the sample tenants' sample connections are available");
    }
}
