package com.smeplug.platform.http;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place where a failure becomes an HTTP status. Client mistakes are {@link ApiException}s; an AWS service
 * that cannot be reached or is throttling is a 503; anything else is a defect, answered with a 500 that says nothing
 * about the code (the details go to the log with the request id).
 */
final class FailureMapper {

    private FailureMapper() {
    }

    static ApiException toApiException(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof SdkClientException) {
            return ApiException.unavailable("a storage or queue service is unavailable; retry shortly", failure);
        }
        if (failure instanceof AwsServiceException aws && (aws.statusCode() >= 500 || aws.isThrottlingException())) {
            return ApiException.unavailable("a storage or queue service is unavailable; retry shortly", failure);
        }
        return new ApiException(500, "internal_error", "the request could not be completed", failure);
    }
}
