package com.smeplug.platform.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** Finds who a request comes from, from its verified token only. Throws {@link NotAuthenticated} when there is none. */
public interface Authenticator {

    Caller callerOf(APIGatewayV2HTTPEvent event);
}
