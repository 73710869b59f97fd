package com.smeplug.integrations.connections;

import java.util.Optional;
import java.util.function.Function;

import com.smeplug.integrations.connector.Connector;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;

/**
 * A connector when real connections are enabled: a tenant that connected its own system is read from it, and its
 * reads are recorded on the connection (error, then connected again); any other tenant gets what {@code otherwise}
 * serves (the labelled sample connection of a sample tenant, or 404 not_connected). Subclasses say how to read one
 * connection and how to name it in the snapshot reference.
 */
abstract class ConnectedSystem<R> implements Connector<R> {

    private final String system;
    private final Connector<R> otherwise;
    private final ConnectionMemo memo;
    private final ConnectionHealth health;

    ConnectedSystem(String system, Function<String, Optional<Connection>> find, ConnectionHealth health,
            Connector<R> otherwise) {
        this.system = system;
        this.otherwise = otherwise;
        this.memo = new ConnectionMemo(find);
        this.health = health;
    }

    /** How the snapshot cache tells one connection's records from another's (a reconnect never serves older ones). */
    abstract String describe(Connection connection);

    /** Reads the tenant's records through its own connection. */
    abstract R read(Connection connection, Tenant tenant);

    /** What an admin does to connect this system, for a tenant that has neither its own connection nor sample data. */
    abstract String howToConnect();

    /** Refuses a connection that cannot be used as it is (a no-op unless the system can lose its grant). */
    void requireUsable(Connection connection) {
    }

    @Override
    public String source() {
        return system;
    }

    @Override
    public String source(Tenant tenant) {
        return memo.get(tenant.tenantId()).isPresent() ? source() : otherwise.source(tenant);
    }

    @Override
    public String reference(Tenant tenant) {
        var connection = memo.get(tenant.tenantId());
        if (connection.isEmpty()) {
            return notConnectedSaysHow(() -> otherwise.reference(tenant));
        }
        requireUsable(connection.get());
        return describe(connection.get());
    }

    @Override
    public R fetch(Tenant tenant) {
        var connection = memo.get(tenant.tenantId());
        if (connection.isEmpty()) {
            return notConnectedSaysHow(() -> otherwise.fetch(tenant));
        }
        requireUsable(connection.get());
        try {
            return health.read(connection.get(), () -> read(connection.get(), tenant));
        }
        catch (RuntimeException e) {
            memo.forget();
            throw e;
        }
    }

    /** The fallback's 404 speaks of its own mapping; a tenant of real connections is told how to connect instead. */
    private <T> T notConnectedSaysHow(java.util.function.Supplier<T> fallback) {
        try {
            return fallback.get();
        }
        catch (ApiException e) {
            if (e.status() == 404 && "not_connected".equals(e.code())) {
                throw ApiException.notFound("not_connected", "this tenant has not connected " + system + ": " + howToConnect());
            }
            throw e;
        }
    }
}
