package com.smeplug.platform.http;

/** The business side of one route: a decoded request in, a response out. Failures are thrown as exceptions. */
@FunctionalInterface
public interface Endpoint {

    ApiResponse handle(ApiRequest request);
}
