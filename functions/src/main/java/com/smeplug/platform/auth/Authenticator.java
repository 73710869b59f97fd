package com.smeplug.platform.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** Finds the tenant a request acts for, from its token only. Throws a 401 {@code ApiException} when there is none. */
public interface Authenticator {

    String tenantOf(APIGatewayV2HTTPEvent event);
}
