package com.smeplug.platform.tenant;

/** Whether a tenant named by a valid token is registered with us. */
public interface TenantDirectory {

    boolean exists(String tenantId);
}
